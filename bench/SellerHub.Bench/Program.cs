// Reservation throughput of the stock engine, beside the raw guarded UPDATE it is built on,
// measured in the same run on the same database (this machine's disk and CPU vary a lot).
//   dotnet run -c Release --project bench/SellerHub.Bench [-- --postgres "Host=…;Database=…"] [--ops 3000] [--workers 8]
// With "orders" first, the orders bench instead (OrdersBench.cs): ingest beside a plain insert, and the order list.
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

if (args.FirstOrDefault() == "orders")
{
    await OrdersBench.RunAsync(args[1..]);
    return;
}

var ops = Arg("--ops", 3000);
var pushes = Arg("--pushes", 1000);
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
        var (p50, p95) = await PushLatency(app, workspace, warehouse, pushes);
        Console.WriteLine($"{name}: stock change → sandbox shows it, over {pushes} changes: p50 {p50:0} ms, p95 {p95:0} ms");
        Console.WriteLine($"{name}: raw guarded UPDATE {raw:0} ops/s | reserve hot SKU {hotRate:0}/s ({hotRate / raw:P0} of raw) | reserve 10,000 random SKUs {manyRate:0}/s ({manyRate / raw:P0} of raw) | oversold rows {oversold} | reconciler drift {drift.Count}");
    }
    finally
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

// A shop connected to an in-process sandbox, one linked listing; each change is timed from its
// commit to the moment the sandbox has recorded the new quantity.
static async Task<(double P50, double P95)> PushLatency(WebApplication app, Guid workspace, Guid warehouse, int changes)
{
    var (sandbox, address) = await SellerHub.Sandbox.SandboxServer.StartAsync();
    try
    {
        using var http = new HttpClient { BaseAddress = address };
        var channelApp = new SellerHub.Channels.ChannelApp(new Uri(address, "/shopee").ToString(), "2001887", "shpk-sandbox-partner-key-0001");
        var shopee = app.Services.GetRequiredService<SellerHub.Integrations.Shopee.ShopeeChannel>();
        var consent = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync(shopee.AuthorizationUrl(channelApp, "https://bench.test/cb"));
        var query = System.Web.HttpUtility.ParseQueryString(consent.Headers.Location!.Query);
        var tokens = await shopee.ExchangeCodeAsync(channelApp, query["code"]!, query["shop_id"]!, default);
        var item = System.Text.Json.JsonDocument.Parse(await (await http.PostAsync("/sandbox/admin/shops/Shopee/200001/items",
            new StringContent("""{"Name":"Bench","Sku":"BENCH","Models":0}""", System.Text.Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync()).RootElement.GetProperty("item_id").GetInt64();

        var product = await Scope(app, workspace, async (db, sp) =>
        {
            var protection = sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();
            await SellerHub.Channels.SaveChannelApp.Handle(new(SellerHub.Channels.ChannelType.Shopee, channelApp.Key, channelApp.Secret, channelApp.BaseUrl, null, null), db, protection, default);
            var shop = await SellerHub.Channels.SaveShop.Handle(new(null, SellerHub.Channels.ChannelType.Shopee, "Bench shop", null, "VN", warehouse, true), db, protection, default);
            await SellerHub.Channels.ConnectShop.Handle(new(shop.Id, query["shop_id"]!, null, tokens), db, protection, default);
            var p = await SaveProduct.Handle(new(null, "BENCH", "Bench push", null, null, 100, 0), db, default);
            var listing = new Listing { ShopId = shop.Id, ChannelItemId = item.ToString(), ChannelModelId = "0", Name = "Bench", ChannelStatus = "NORMAL", IsActive = true, LinkState = LinkState.Linked };
            listing.Links.Add(new ListingLink { ListingId = listing.Id, ProductId = p.Id, Quantity = 1 });
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            return p.Id;
        });

        var times = new List<double>();
        for (var i = 1; i <= changes; i++)
        {
            var watch = Stopwatch.StartNew();
            await Scope(app, workspace, (db, _) => StockEngine.AdjustAsync(db, product, warehouse, 1, MovementKind.Receipt, "bench", null, default));
            while (true)
            {
                var recorded = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/sandbox/recorded/stock")).RootElement.EnumerateArray()
                    .FirstOrDefault(r => r.GetProperty("item_id").GetString() == item.ToString());
                if (recorded.ValueKind != System.Text.Json.JsonValueKind.Undefined && recorded.GetProperty("stock").GetInt32() == i) break;
                if (watch.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"Change {i} never reached the sandbox.");
                await Task.Delay(5);
            }
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
    }
    finally
    {
        await sandbox.StopAsync();
        await sandbox.DisposeAsync();
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
