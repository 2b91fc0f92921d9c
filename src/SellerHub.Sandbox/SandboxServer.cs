using SellerHub.Sandbox.Admin;
using SellerHub.Sandbox.Vendors;
using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox;

/// <summary>
/// Builds the sandbox: standalone (<c>dotnet run --project src/SellerHub.Sandbox</c>, port 5090),
/// inside SellerHub's process for the demo, or inside tests on a random port.
/// </summary>
public static class SandboxServer
{
    public const string DefaultUrl = "http://localhost:5090";

    public static WebApplication Build(string[] args, int seed = 20251126)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
        });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])) builder.WebHost.UseUrls(DefaultUrl);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.AddSingleton(new SandboxWorld(builder.Configuration.GetValue("Sandbox:Seed", seed)));
        builder.Services.AddSingleton<Recorder>();
        builder.Services.AddSingleton<Webhooks>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Webhooks>());
        builder.Services.AddHostedService<Ticker>();
        builder.Services.AddHttpClient("webhooks", c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = null; // each vendor's names are written out as the vendor spells them
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });

        var app = builder.Build();
        app.UseMiddleware<VendorPipeline>();
        ShopeeApi.Map(app);
        LazadaApi.Map(app);
        TikTokApi.Map(app);
        GhnApi.Map(app);
        GhtkApi.Map(app);
        TelegramApi.Map(app);
        AdminApi.Map(app);
        return app;
    }

    /// <summary>Starts a sandbox on a free loopback port and returns it with its base address.</summary>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(int seed = 20251126, string url = "http://127.0.0.1:0")
    {
        var app = Build(["--urls", url], seed);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }
}
