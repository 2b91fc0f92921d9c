using SellerHub.Web.Demo;
using SellerHub.Workspaces;

namespace SellerHub.Web.Hosting;

/// <summary>
/// <c>demo [--api-key-file FILE]</c>: creates the demo workspace headless (as the setup page's
/// "Dùng thử với cửa hàng mẫu" does), prints the owner's sign-in and writes an Owner API key.
/// The normal run then serves it, with the sandbox started again inside the process.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var keyFile = args.SkipWhile(a => a != "--api-key-file").Skip(1).FirstOrDefault();
        var appArgs = args.Where((a, i) => a != "--api-key-file" && (i == 0 || args[i - 1] != "--api-key-file")).ToArray();
        // The full host runs (on a free loopback port): the sandbox's webhooks and the outbox need it.
        var app = SellerHubApp.Build([.. appArgs, "--urls", "http://127.0.0.1:0", "--Orders:PullSchedule=off", "--Listings:SyncSchedule=off"]);
        await app.Services.GetRequiredService<Database>().MigrateAsync(app.Services);
        await app.StartAsync();
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var demo = await CreateDemoWorkspace.Handle(scope.ServiceProvider, CancellationToken.None);
            Console.WriteLine($"Demo workspace {demo.WorkspaceId} created. Sign in with {demo.OwnerEmail} / {demo.OwnerPassword}");
            if (keyFile is not null)
            {
                var key = await CreateApiKey.Handle(new CreateApiKey.Command("demo", StaffRole.Owner), scope.ServiceProvider.GetRequiredService<Persistence.SellerHubDb>(), CancellationToken.None);
                await File.WriteAllTextAsync(keyFile, key.PlainText);
                Console.WriteLine($"Owner API key written to {keyFile}.");
            }
            return 0;
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
