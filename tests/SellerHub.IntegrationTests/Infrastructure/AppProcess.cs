using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SellerHub.IntegrationTests.Infrastructure;

/// <summary>SellerHub.Web run as a separate process, the way an operator runs it, so it can be killed.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public string Output { get { lock (output) return output.ToString(); } }

    private static string WebDll => Path.Combine(AppContext.BaseDirectory, "SellerHub.Web.dll");

    /// <param name="settings">Extra <c>--Key=value</c> settings; they override the database's environment.</param>
    public static async Task<AppProcess> StartAsync(TestDatabase database, params string[] settings)
    {
        var port = FreePort();
        return await LaunchAsync(Start(database, ["--urls", $"http://127.0.0.1:{port}", .. settings]), new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>SellerHub as a fresh clone runs it: no settings at all, in the given working folder.</summary>
    public static Task<AppProcess> StartWithDefaultsAsync(string workingDirectory) =>
        LaunchAsync(Start(null, [], workingDirectory), new Uri(SellerHub.Web.Hosting.SellerHubApp.DefaultUrl));

    private static async Task<AppProcess> LaunchAsync(Process process, Uri baseAddress)
    {
        var app = new AppProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => { lock (app.output) app.output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (app.output) app.output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        await Eventually.Get(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException("SellerHub exited:\n" + app.Output);
            try { return (await http.GetAsync("/health/ready")).StatusCode; }
            catch (HttpRequestException) { return HttpStatusCode.ServiceUnavailable; }
        }, s => s == HttpStatusCode.OK, "SellerHub to be ready", seconds: 60);
        return app;
    }

    /// <summary>Runs the headless <c>setup</c> verb and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunSetupAsync(TestDatabase database, params string[] args)
    {
        using var process = Start(database, ["setup", .. args]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; whatever was committed is all that survives.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }

    private static Process Start(TestDatabase? database, string[] args, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WebDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__") || k.StartsWith("Database__") || k == "ASPNETCORE_URLS").ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in database?.Environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) await KillAsync();
        process.Dispose();
    }
}
