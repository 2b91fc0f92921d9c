using SellerHub.Sandbox;

var app = SandboxServer.Build(args);
app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"SellerHub sandbox is ready on {string.Join(", ", app.Urls)}; credentials at /sandbox/credentials"));
await app.RunAsync();

public partial class Program;
