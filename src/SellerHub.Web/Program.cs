using SellerHub.Web.Hosting;

if (args is ["setup", .. var setupArgs]) return await SetupCommand.RunAsync(setupArgs);
if (args is ["demo", .. var demoArgs]) return await DemoCommand.RunAsync(demoArgs);

var app = SellerHubApp.Build(args);
await app.Services.GetRequiredService<Database>().MigrateAsync(app.Services);
app.UseSellerHub();
app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"SellerHub is ready on {string.Join(", ", app.Urls)} ({app.Services.GetRequiredService<Database>().Provider})"));
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
