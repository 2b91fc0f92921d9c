// Reservation throughput of the stock engine, beside the raw guarded UPDATE it is built on,
// measured in the same run on the same database (this machine's disk and CPU vary a lot).
//   dotnet run -c Release --project bench/SellerHub.Bench [-- --postgres "Host=…;Database=…"] [--ops 3000] [--workers 8]
using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SellerHub.Catalog;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Web.Hosting;
using SellerHub.Workspaces;

var ops = Arg("--ops", 3000);
var workers = Arg("--workers", 8);
var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault() ?? Environment.GetEnvironmentVariable("SELLERHUB_BENCH_POSTGRES");

Console.WriteLine($"SellerHub stock bench: {ops} reservations per scenario, {workers} concurrent workers, {Environment.ProcessorCount} cores");
await Run("SQLite", [$"--ConnectionStrings:Sqlite=Data Source={Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.db")}", "--Database:Provider=Sqlite"]);
if (postgres is not null) await Run("PostgreSQL", [$"--ConnectionStrings:Postgres={postgres}", "--Database:Provider=Postgres", "--Outbox:Solo=true"]);
else Console.WriteLine("PostgreSQL: skipped (pass --postgres or set SELLERHUB_BENCH_POSTGRES to a database the bench may fill)");
return;

async Task Run(string name, string[] dbArgs)
{
    var app = SellerHubApp.Build([.. dbArgs, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
    await app.Services.GetRequiredService<Database>().MigrateAsync(app.Services);
    await app.StartAsync();
    try
    {
        var (workspace, _) = await Scope(app, null, async (db, sp) =>
        {
            var email = $"bench-{Guid.NewGuid():N}@bench.vn";
            var r = await SetUpWorkspace.Handle(new("Bench", null, null, "Bench", email, "matkhau123"), db, sp.GetRequiredService<UserManager<StaffUser>>(), default);
            return (r.WorkspaceId, r.OwnerUserId);
        });
        var warehouse = await Scope(app, workspace, async (db, _) =>
            (await SaveWarehouse.Handle(new(null, "B1", "Kho bench", "0987654321", "1 Lê Lợi", "79", "26740"), db, default)).Id);
        var hot = await Scope(app, workspace, async (db, _) => (await SaveProduct.Handle(new(null, "HOT", "Hot SKU", null, null, 100, 0), db, default)).Id);
        var baseline = await Scope(app, workspace, async (db, _) => (await SaveProduct.Handle(new(null, "RAW", "Baseline SKU", null, null, 100, 0), db, default)).Id);
        await Scope(app, workspace, (db, _) => StockEngine.AdjustAsync(db, hot, warehouse, 10_000_000, MovementKind.Receipt, "bench", null, default));
        await Scope(app, workspace, (db, _) => StockEngine.AdjustAsync(db, baseline, warehouse, 10_000_000, MovementKind.Receipt, "bench", null, default));

        // 10,000 SKUs with stock, inserted in bulk (the bench is about reserving, not about creating products).
        var many = await SeedManyAsync(app, workspace, warehouse, 10_000, name == "SQLite");

        var raw = await Measure(ops, workers, async (i, _) => await RawGuardedUpdate(app, baseline, warehouse, name == "SQLite"));
        var hotRate = await Measure(ops, workers, (i, _) => Scope(app, workspace, (db, _) =>
            StockEngine.ReserveAsync(db, $"bench/hot/{i}", [new StockEngine.Need(hot, warehouse, 1)], default)));
        var random = new Random(42);
        var picks = Enumerable.Range(0, ops).Select(_ => many[random.Next(many.Count)]).ToArray();
        var manyRate = await Measure(ops, workers, (i, _) => Scope(app, workspace, (db, _) =>
            StockEngine.ReserveAsync(db, $"bench/many/{i}", [new StockEngine.Need(picks[i], warehouse, 1)], default)));

        // The baseline's bare UPDATEs have no reservation rows by design; every other row must balance.
        var drift = (await Scope(app, workspace, (db, _) => ReconcileStock.Handle(db, default))).Where(d => d.ProductId != baseline).ToList();
        var oversold = await Scope(app, workspace, (db, _) => db.StockBalances.CountAsync(b => b.Reserved > b.OnHand));
        Console.WriteLine($"{name}: raw guarded UPDATE {raw:0} ops/s | reserve hot SKU {hotRate:0}/s ({hotRate / raw:P0} of raw) | reserve 10,000 random SKUs {manyRate:0}/s ({manyRate / raw:P0} of raw) | oversold rows {oversold} | reconciler drift {drift.Count}");
    }
    finally
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

static async Task<double> Measure(int count, int workers, Func<int, CancellationToken, Task> op)
{
    var next = -1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count) await op(i, default);
    }));
    return count / watch.Elapsed.TotalSeconds;
}

static async Task<T> Scope<T>(WebApplication app, Guid? workspace, Func<SellerHubDb, IServiceProvider, Task<T>> work)
{
    await using var scope = app.Services.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(workspace, workspace is null ? null : StaffRole.Owner, "bench");
    return await work(scope.ServiceProvider.GetRequiredService<SellerHubDb>(), scope.ServiceProvider);
}

// One transaction with the guarded UPDATE alone: the floor the engine's extra rows sit on.
static async Task RawGuardedUpdate(WebApplication app, Guid product, Guid warehouse, bool sqlite)
{
    await using var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<SellerHubDb>();
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    await using var tx = await connection.BeginTransactionAsync();
    await using var cmd = connection.CreateCommand();
    cmd.Transaction = tx;
    cmd.CommandText = """UPDATE "StockBalances" SET "Reserved" = "Reserved" + 1 WHERE "ProductId" = @p AND "WarehouseId" = @w AND "OnHand" - "Reserved" >= 1""";
    Add(cmd, "p", sqlite ? product.ToString().ToUpperInvariant() : product);
    Add(cmd, "w", sqlite ? warehouse.ToString().ToUpperInvariant() : warehouse);
    if (await cmd.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException("The raw update found no stock.");
    await tx.CommitAsync();
}

static async Task<List<Guid>> SeedManyAsync(WebApplication app, Guid workspace, Guid warehouse, int count, bool sqlite)
{
    await using var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<SellerHubDb>();
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToList();
    object Id(Guid g) => sqlite ? g.ToString().ToUpperInvariant() : g;
    await using var tx = await connection.BeginTransactionAsync();
    foreach (var (id, i) in ids.Select((id, i) => (id, i)))
    {
        await using var product = connection.CreateCommand();
        product.Transaction = tx;
        product.CommandText = """
            INSERT INTO "Products" ("Id","WorkspaceId","Sku","SkuKey","Name","WeightGrams","CostPrice","IsActive","IsCombo","BufferStock","SupplementaryStock","CreatedAt")
            VALUES (@id,@ws,@sku,@sku,@sku,100,0,TRUE,FALSE,0,0,@now);
            INSERT INTO "StockBalances" ("Id","WorkspaceId","ProductId","WarehouseId","OnHand","Reserved") VALUES (@bid,@ws,@id,@wh,1000000,0);
            INSERT INTO "StockMovements" ("Id","WorkspaceId","ProductId","WarehouseId","Kind","OnHandDelta","ReservedDelta","ActorName","At")
            VALUES (@mid,@ws,@id,@wh,'Receipt',1000000,0,'bench',@now);
            """;
        Add(product, "id", Id(id));
        Add(product, "bid", Id(Guid.CreateVersion7()));
        Add(product, "mid", Id(Guid.CreateVersion7()));
        Add(product, "ws", Id(workspace));
        Add(product, "wh", Id(warehouse));
        Add(product, "sku", $"SKU-{i:D5}");
        Add(product, "now", DateTime.UtcNow);
        await product.ExecuteNonQueryAsync();
    }
    await tx.CommitAsync();
    return ids;
}

static void Add(DbCommand cmd, string name, object value)
{
    var p = cmd.CreateParameter();
    p.ParameterName = name;
    p.Value = value;
    cmd.Parameters.Add(p);
}

int Arg(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v && int.TryParse(v, out var n) ? n : fallback;
