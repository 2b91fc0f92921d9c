using System.Net;
using System.Net.Http.Json;
using SellerHub.IntegrationTests.Infrastructure;

namespace SellerHub.IntegrationTests;

/// <summary>
/// Kill -9 with committed-but-unhandled outbox messages; a restart delivers every one of them.
/// Runs the real app as a child process, provisioned by the headless setup verb.
/// </summary>
public abstract class CrashRecoveryTests(Db kind)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Messages_committed_before_a_kill_are_delivered_after_restart()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var apiKey = await ProvisionAsync(database, "crash@shop.vn");
        var pendingAtKill = await KillMidBurstAsync(database, apiKey);

        await using (var restarted = await AppProcess.StartAsync(database))
        {
            await Eventually.Get(async () =>
            {
                await using var db = DirectDb.Open(database);
                return await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.NotifiedAt == null, Ct);
            }, n => n == 0, $"the {pendingAtKill} notices left at the kill to be delivered", seconds: 60);
        }

        await using var check = DirectDb.Open(database);
        var warehouses = await check.Warehouses.IgnoreQueryFilters().CountAsync(Ct);
        var entries = await check.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.EntityType == "Warehouse", Ct);
        Assert.Equal(warehouses, entries); // every committed change has its entry, and nothing else does
    }

    /// <summary>A workspace made by the setup verb; returns its Owner API key.</summary>
    protected static async Task<string> ProvisionAsync(TestDatabase database, string email)
    {
        var keyFile = Path.GetTempFileName();
        var (exit, output) = await AppProcess.RunSetupAsync(database,
            "--workspace", "Shop Crash", "--owner-email", email, "--owner-password", "matkhau123", "--api-key-file", keyFile);
        Assert.True(exit == 0, output);
        return await File.ReadAllTextAsync(keyFile, Ct);
    }

    /// <summary>
    /// A burst of settings changes to a fresh instance, then SIGKILL while the outbox still holds some of them; returns
    /// how many were left. Handling usually trails the burst; if a run happens to drain it before the kill, burst again.
    /// </summary>
    protected static async Task<int> KillMidBurstAsync(TestDatabase database, string apiKey, params string[] settings)
    {
        var pendingAtKill = 0;
        for (var round = 0; round < 4 && pendingAtKill == 0; round++)
        {
            await using var app = await AppProcess.StartAsync(database, settings);
            using var client = app.Client(apiKey);
            var created = 0;
            var burst = Enumerable.Range(0, 120).Select(async i =>
            {
                var response = await client.PostAsJsonAsync("/api/v1/warehouses", new
                {
                    code = $"R{round}W{i}", name = "Kho", phone = "0987654321", address = "1 Lê Lợi", provinceCode = "79", wardCode = "26740",
                }, Ct);
                if (response.StatusCode == HttpStatusCode.Created && Interlocked.Increment(ref created) == 80) await app.KillAsync();
            }).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default));
            await Task.WhenAll(burst);
            await app.KillAsync();

            await using var db = DirectDb.Open(database);
            pendingAtKill = await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.NotifiedAt == null, Ct);
            TestContext.Current.TestOutputHelper?.WriteLine($"round {round}: {created} created, {pendingAtKill} notices pending at the kill");
        }
        Assert.True(pendingAtKill > 0, "every run drained the outbox before the kill; the test proved nothing");
        return pendingAtKill;
    }

    [Fact]
    public async Task The_setup_verb_makes_independent_workspaces_and_refuses_a_taken_email()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var keyA = Path.GetTempFileName();
        var keyB = Path.GetTempFileName();
        var a = await AppProcess.RunSetupAsync(database, "--workspace", "Shop Áo Dài", "--owner-email", "a@shop.vn", "--owner-password", "matkhau123", "--api-key-file", keyA);
        var b = await AppProcess.RunSetupAsync(database, "--workspace", "Shop Giày", "--owner-email", "b@shop.vn", "--owner-password", "matkhau123", "--api-key-file", keyB);
        Assert.True(a.ExitCode == 0, a.Output);
        Assert.True(b.ExitCode == 0, b.Output);

        var again = await AppProcess.RunSetupAsync(database, "--workspace", "Shop Khác", "--owner-email", "A@shop.vn", "--owner-password", "matkhau123");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("a@shop.vn đã có tài khoản", again.Output);

        var missing = await AppProcess.RunSetupAsync(database, "--workspace", "Thiếu");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("usage: setup", missing.Output);

        await using var app = await AppProcess.StartAsync(database);
        var shopA = await app.Client(await File.ReadAllTextAsync(keyA, Ct)).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/workspace", Ct);
        var shopB = await app.Client(await File.ReadAllTextAsync(keyB, Ct)).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/workspace", Ct);
        Assert.Equal("Shop Áo Dài", shopA.GetProperty("name").GetString());
        Assert.Equal("Shop Giày", shopB.GetProperty("name").GetString());
        await using var db = DirectDb.Open(database);
        Assert.Equal(2, await db.Workspaces.CountAsync(Ct));
    }
}

public sealed class CrashRecoveryTestsOnSqlite() : CrashRecoveryTests(Db.Sqlite)
{
    /// <summary>The README's run command on a fresh clone: no settings, SQLite in ./data, WAL, the URL printed.</summary>
    [Fact]
    public async Task With_no_settings_it_runs_on_sqlite_in_the_data_folder_on_port_5080()
    {
        var folder = Directory.CreateTempSubdirectory("sellerhub-fresh-").FullName;
        try
        {
            await using (var app = await AppProcess.StartWithDefaultsAsync(folder))
            {
                using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
                var first = await http.GetAsync("/", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
                Assert.Equal("/setup", first.Headers.Location?.OriginalString);
                Assert.Contains("SellerHub is ready on http://localhost:5080 (Sqlite)", app.Output);
            }

            var file = Path.Combine(folder, "data", "sellerhub.db");
            Assert.True(File.Exists(file), $"{file} was not created");
            await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=false");
            await sqlite.OpenAsync(TestContext.Current.CancellationToken);
            await using var journal = sqlite.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string?)await journal.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class CrashRecoveryTestsOnPostgres() : CrashRecoveryTests(Db.Postgres)
{
    /// <summary>
    /// Several instances on one PostgreSQL (the README's production setup, Wolverine's Balanced mode):
    /// one is killed with committed-but-unhandled messages, the survivor delivers them without a restart.
    /// </summary>
    [Fact]
    public async Task A_surviving_instance_delivers_what_a_killed_one_left()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Postgres);
        var apiKey = await ProvisionAsync(database, "nodes@shop.vn");
        await using var survivor = await AppProcess.StartAsync(database, "--Outbox:Solo=false");
        var pendingAtKill = await KillMidBurstAsync(database, apiKey, "--Outbox:Solo=false");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.Get(async () =>
        {
            await using var db = DirectDb.Open(database);
            return await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.NotifiedAt == null, Ct);
        }, n => n == 0, $"the survivor to deliver the {pendingAtKill} notices the killed instance left", seconds: 180);
        TestContext.Current.TestOutputHelper?.WriteLine($"taken over in {clock.Elapsed.TotalSeconds:0} s");
    }
}
