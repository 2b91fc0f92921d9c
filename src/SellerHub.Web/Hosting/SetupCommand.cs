using Microsoft.AspNetCore.Identity;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Hosting;

/// <summary>
/// <c>setup --workspace "Tên shop" --owner-email a@b.vn --owner-password '…' [--owner-name …] [--phone …]
/// [--api-key-file key.txt]</c>: creates a workspace and its owner, writes a new Owner API key to
/// the file, and exits. For scripted installs and CI; every run makes a new, independent workspace.
/// </summary>
public static class SetupCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args, out var appArgs);
        if (options is null)
        {
            Console.Error.WriteLine("usage: setup --workspace NAME --owner-email EMAIL --owner-password PASSWORD [--owner-name NAME] [--phone PHONE] [--api-key-file FILE]");
            return 2;
        }

        // The full host runs (on a free loopback port) so the settings trail's outbox messages are handled normally.
        var app = SellerHubApp.Build([.. appArgs, "--urls", "http://127.0.0.1:0"]);
        await app.Services.GetRequiredService<Database>().MigrateAsync(app.Services);
        await app.StartAsync();
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var actor = sp.GetRequiredService<CurrentActor>();
            actor.Set(null, null, options["owner-email"]);
            var db = sp.GetRequiredService<SellerHubDb>();
            var result = await SetUpWorkspace.Handle(new SetUpWorkspace.Command(
                options["workspace"], options.GetValueOrDefault("phone"), null,
                options.GetValueOrDefault("owner-name"), options["owner-email"], options["owner-password"]),
                db, sp.GetRequiredService<UserManager<StaffUser>>(), CancellationToken.None);
            Console.WriteLine($"Workspace {result.WorkspaceId} created; owner {options["owner-email"]}.");

            if (options.GetValueOrDefault("api-key-file") is { } file)
            {
                actor.Set(result.WorkspaceId, StaffRole.Owner, options["owner-email"], result.OwnerUserId);
                var key = await CreateApiKey.Handle(new CreateApiKey.Command("setup", StaffRole.Owner), db, CancellationToken.None);
                await File.WriteAllTextAsync(file, key.PlainText);
                Console.WriteLine($"Owner API key written to {file}.");
            }
            return 0;
        }
        catch (BusinessRuleException e)
        {
            foreach (var (field, messages) in e.Errors) Console.Error.WriteLine($"{field}: {string.Join(" ", messages)}");
            return 1;
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static Dictionary<string, string>? Parse(string[] args, out List<string> rest)
    {
        var known = new[] { "workspace", "owner-email", "owner-password", "owner-name", "phone", "api-key-file" };
        var options = new Dictionary<string, string>();
        rest = [];
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].TrimStart('-');
            if (args[i].StartsWith("--") && known.Contains(name) && i + 1 < args.Length) options[name] = args[++i];
            else rest.Add(args[i]);
        }
        return options.ContainsKey("workspace") && options.ContainsKey("owner-email") && options.ContainsKey("owner-password") ? options : null;
    }
}
