// Orders bench (issue 6). Measured on SQLite and, given --postgres, on PostgreSQL:
//  1. end-to-end ingest: pages of 50 marketplace orders (2 lines each) through ImportOrders — normalise,
//     upsert, reserve stock through linked listings, warnings, outbox (stock pushes) — several pages at once;
//  2. beside it, in the same run, a plain insert of the same rows (orders and lines, one transaction per page):
//     through EF (AddRange + SaveChanges), and the way the ingest writes them (BulkInsert: INSERT … unnest / prepared INSERT);
//  3. the order list's real queries (OrderList.Filter + GET /orders' ordering, paging and projection, and
//     the tab counts) over a big table: 1,000,000 orders on PostgreSQL, 100,000 on SQLite by default.
//   dotnet run -c Release --project bench/SellerHub.Bench -- orders [--postgres "Host=…;Database=<empty db>"]
//       [--pages 200] [--workers 4] [--runs 30] [--list-orders 100000] [--pg-list-orders 1000000] [--list-only] [--explain] [--profile]
// --explain prints EXPLAIN ANALYZE for the list queries that miss the target; --profile, the SQL one import runs per order.
// The PostgreSQL list seed is kept: a later run on the same database reuses it (after its migrations ran),
// so an index change can be timed without seeding again.
using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Inventory;
using SellerHub.Orders;
using SellerHub.Persistence;
using SellerHub.Web.Api;
using SellerHub.Web.Hosting;
using SellerHub.Workspaces;

internal static class OrdersBench
{
    private const int PageSize = 50;     // the marketplaces' batch size, and the list's page size
    private const int Skus = 200;        // products sold by the ingest shop, one linked listing each
    private const double TargetMs = 50;  // list p95 and counts targets on PostgreSQL
    private const int WarmUp = 3;

    private sealed record Options(int Pages, int Workers, int Runs, bool ListOnly, bool Explain, bool Profile);

    public static async Task RunAsync(string[] args)
    {
        var o = new Options(Arg(args, "--pages", 200), Arg(args, "--workers", 4), Arg(args, "--runs", 30), args.Contains("--list-only"), args.Contains("--explain"), args.Contains("--profile"));
        var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault() ?? Environment.GetEnvironmentVariable("SELLERHUB_BENCH_POSTGRES");
        Console.WriteLine($"SellerHub orders bench: {o.Pages} pages of {PageSize} orders × 2 lines, {o.Workers} concurrent workers; "
            + $"{o.Runs} runs per list query after {WarmUp} warm-up; {Environment.ProcessorCount} cores");

        var file = Path.Combine(Path.GetTempPath(), $"bench-orders-{Guid.NewGuid():N}.db");
        try
        {
            await Run("SQLite", [$"--ConnectionStrings:Sqlite=Data Source={file}", "--Database:Provider=Sqlite"], o, Arg(args, "--list-orders", 100_000));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        }
        if (postgres is not null) await Run("PostgreSQL", [$"--ConnectionStrings:Postgres={postgres}", "--Database:Provider=Postgres", "--Outbox:Solo=true"], o, Arg(args, "--pg-list-orders", 1_000_000));
        else Console.WriteLine("PostgreSQL: skipped (pass --postgres or set SELLERHUB_BENCH_POSTGRES to a database the bench may fill)");
    }

    private static async Task Run(string name, string[] dbArgs, Options o, int listOrders)
    {
        var app = SellerHubApp.Build([.. dbArgs, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.Services.GetRequiredService<Database>().MigrateAsync(app.Services);
        await app.StartAsync();
        try
        {
            Console.WriteLine();
            if (!o.ListOnly) await IngestAsync(app, name, o);
            await ListAsync(app, name, name == "PostgreSQL", listOrders, o);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    // ───────────────────────────── 1 + 2: ingest beside the plain insert ─────────────────────────────

    private static async Task IngestAsync(WebApplication app, string name, Options o)
    {
        var workspace = await NewWorkspaceAsync(app, "Bench nhập đơn");
        var shop = await LinkedShopAsync(app, workspace);
        var random = new Random(42);
        var now = DateTime.UtcNow;
        // Page 0 of each is a warm-up (query compilation, connection pools), not timed.
        var ingest = Enumerable.Range(0, o.Pages + 1).Select(p => ChannelPage(random, $"I{p:D4}", now)).ToList();
        // The plain insert gets rows of the same shape under other order ids, built before the clock starts.
        var plain = Enumerable.Range(0, o.Pages + 1).Select(p => ChannelPage(random, $"R{p:D4}", now).Select(c => PlainRow(shop, c)).ToList()).ToList();
        var bulk = Enumerable.Range(0, o.Pages + 1).Select(p => ChannelPage(random, $"B{p:D4}", now).Select(c => PlainRow(shop, c)).ToList()).ToList();

        // The plain inserts run first: the ingest's stock pushes are still being handled for a moment after it ends.
        var raw = await OrdersPerSecond(plain, o.Workers, page => Scope(app, workspace, (db, _) =>
        {
            db.Orders.AddRange(page);
            return db.SaveChangesAsync(); // one implicit transaction for the page
        }));
        // The same rows written the way the ingest writes a page of new orders (one INSERT … unnest per table on PostgreSQL).
        var rawBulk = await OrdersPerSecond(bulk, o.Workers, page => Scope(app, workspace, async (db, _) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await new BulkInsert(db).Add(page).Add(page.SelectMany(x => x.Lines).ToList()).WriteAsync(default);
            await tx.CommitAsync();
            return page.Count;
        }));
        var imported = await OrdersPerSecond(ingest, o.Workers, page => Scope(app, workspace, (db, _) => ImportOrders.Handle(shop, page, db, default)));

        // Every ingested line must have resolved through its listing and reserved stock.
        var lines = ingest.Sum(p => p.Sum(c => c.Lines.Count));
        var reserved = await Scope(app, workspace, (db, _) => db.StockReservations.CountAsync(r => r.Quantity > 0));
        var marked = await Scope(app, workspace, (db, _) => db.Listings.CountAsync(l => l.PushVersion > 0));
        var pg = name == "PostgreSQL";
        Console.WriteLine($"{name}: ingest of {o.Pages} pages × {PageSize} orders × 2 lines, {o.Workers} workers");
        Console.WriteLine($"  {"ImportOrders (normalise, upsert, reserve, warnings, outbox)",-62} {imported,7:N0} orders/s{Mark(!pg || imported >= 2000, "≥ 2,000/s")}");
        Console.WriteLine($"  {"plain insert of the same rows (EF AddRange, 1 tx per page)",-62} {raw,7:N0} orders/s");
        Console.WriteLine($"  {$"plain insert of the same rows ({(pg ? "unnest" : "prepared INSERT")}, 1 tx per page)",-62} {rawBulk,7:N0} orders/s");
        Console.WriteLine($"  {"ingest ÷ plain EF insert",-62} {imported / raw,7:P0}{Mark(imported / raw >= 0.4, "≥ 40 %")}");
        Console.WriteLine($"  {"ingest ÷ plain bulk insert (for reference; it writes a third of the rows)",-62} {imported / rawBulk,7:P0}");
        Console.WriteLine($"  lines reserved {reserved:N0} of {lines:N0}; listings marked for a stock push {marked} of {Skus}");
        if (o.Profile) await ProfileAsync(app, name, workspace, shop, random, now);
    }

    /// <summary>
    /// Where an import's time goes: a few more pages on one worker (so times do not overlap) while EF's
    /// diagnostics record every command and commit, grouped by statement.
    /// </summary>
    private static async Task ProfileAsync(WebApplication app, string name, Guid workspace, Shop shop, Random random, DateTime now)
    {
        var pages = Enumerable.Range(0, 4).Select(p => ChannelPage(random, $"P{p:D4}", now)).ToList();
        var statements = new Dictionary<string, (int Count, double Ms)>();
        var commits = 0;
        void Record(KeyValuePair<string, object?> e)
        {
            if (e.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData c)
                lock (statements)
                {
                    var key = Regex.Replace(c.Command.CommandText, @"\s+", " ");
                    key = key[..Math.Min(key.Length, 110)];
                    var (count, ms) = statements.GetValueOrDefault(key);
                    statements[key] = (count + 1, ms + c.Duration.TotalMilliseconds);
                }
            else if (e.Key.EndsWith("TransactionCommitted", StringComparison.Ordinal)) Interlocked.Increment(ref commits);
        }
        var subscriptions = new List<IDisposable>();
        using var all = DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(l =>
        {
            if (l.Name == DbLoggerCategory.Name) lock (subscriptions) subscriptions.Add(l.Subscribe(new Observer<KeyValuePair<string, object?>>(Record)));
        }));
        var watch = Stopwatch.StartNew();
        foreach (var page in pages) await Scope(app, workspace, (db, _) => ImportOrders.Handle(shop, page, db, default));
        var orders = pages.Count * PageSize;
        var wall = watch.Elapsed.TotalMilliseconds / orders;
        lock (subscriptions) subscriptions.ForEach(s => s.Dispose());

        var db = statements.Values.Sum(v => v.Ms) / orders;
        Console.WriteLine($"{name}: profile of {orders} imports on one worker: {wall:0.0} ms per order, of which {db:0.0} ms in "
            + $"{statements.Values.Sum(v => v.Count) / (double)orders:0.0} EF commands; {commits / (double)orders:0.0} commits per order");
        foreach (var (sql, (count, ms)) in statements.OrderByDescending(kv => kv.Value.Ms).Take(15))
            Console.WriteLine($"  {count / (double)orders,5:0.0}×/order {ms / orders,6:0.00} ms/order  {sql}");
    }

    private sealed class Observer<T>(Action<T> next) : IObserver<T>
    {
        public void OnNext(T value) => next(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }

    /// <summary>A Shopee shop with a default warehouse selling <see cref="Skus"/> stocked products through linked listings.</summary>
    private static async Task<Shop> LinkedShopAsync(WebApplication app, Guid workspace)
    {
        var warehouse = await Scope(app, workspace, async (db, _) =>
            (await SaveWarehouse.Handle(new(null, "HCM", "Kho Quận 1", "0987654321", "12 Lê Lợi", "79", "26740"), db, default)).Id);
        var products = new List<Guid>();
        for (var i = 0; i < Skus; i++)
        {
            var product = await Scope(app, workspace, async (db, _) =>
                (await SaveProduct.Handle(new(null, Sku(i), ProductName(i), null, null, 200, 50_000), db, default)).Id);
            await Scope(app, workspace, (db, _) => StockEngine.AdjustAsync(db, product, warehouse, 1_000_000, MovementKind.Receipt, "Nhập hàng", null, default));
            products.Add(product);
        }
        // Shops and listings come from the marketplace in real life; the tests build them the same way.
        return await Scope(app, workspace, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Shopee, Name = "Shopee Hana Beauty", MarketplaceShopId = "300001", DefaultWarehouseId = warehouse, IsActive = true };
            db.Shops.Add(shop);
            db.Listings.AddRange(products.Select((product, i) => new Listing
            {
                ShopId = shop.Id, ChannelItemId = ItemId(i), ChannelModelId = "0", SellerSku = Sku(i), Name = ProductName(i), ChannelStatus = "NORMAL",
                IsActive = true, LinkState = LinkState.Linked, Links = [new ListingLink { ProductId = product, Quantity = 1 }],
            }));
            await db.SaveChangesAsync();
            return shop;
        });
    }

    /// <summary>One page as Shopee hands it over: 50 orders placed during the last day, 2 lines each.</summary>
    private static List<ChannelOrder> ChannelPage(Random random, string page, DateTime now) => Enumerable.Range(0, PageSize).Select(i =>
    {
        var person = Person.Random(random);
        var at = now.AddMinutes(-random.Next(24 * 60));
        var first = random.Next(Skus);
        var second = (first + 1 + random.Next(Skus - 1)) % Skus; // another product
        var lines = new[] { first, second }.Select((item, n) =>
        {
            var price = (59 + random.Next(400)) * 1000m;
            return new ChannelOrderLine($"{n + 1}", ItemId(item), null, Sku(item), ProductName(item), 1 + random.Next(3), price + 20_000, price);
        }).ToList();
        var cod = random.Next(10) < 7;
        var status = !cod && random.Next(3) == 0 ? "UNPAID" : "READY_TO_SHIP"; // COD orders are never "unpaid"
        var shipping = random.Next(3) == 0 ? 0 : 16_500m;
        var total = lines.Sum(l => l.SalePrice * l.Quantity) + shipping;
        var id = $"{at:yyMMdd}{page}{i:D3}"; // 14 characters, like a Shopee order_sn
        return new ChannelOrder(id, status, person.Name,
            new ChannelRecipient(person.Name, person.Phone, person.Address, person.Province, person.District, person.Ward, person.Street),
            lines, shipping, 0, total, cod ? total : 0, cod ? "COD" : "ShopeePay", random.Next(5) == 0 ? "Giao giờ hành chính giúp em" : null,
            at, at, at.AddDays(2), false, null, null, null, RawJson(id, status, person, total, lines.Select(l => (l.ListingId, l.Name, l.Quantity, l.SalePrice))));
    }).ToList();

    /// <summary>The order and line rows an import writes for a new order, mapped without any of its logic.</summary>
    private static Order PlainRow(Shop shop, ChannelOrder c)
    {
        var id = Guid.CreateVersion7();
        return new()
        {
            Id = id, ShopId = shop.Id, Channel = shop.Channel, ChannelOrderId = c.OrderId, ChannelStatus = c.ChannelStatus, Status = OrderStatus.AwaitingApproval,
            ChannelUpdatedAt = c.UpdatedAt, OrderedAt = c.CreatedAt, ShipBy = c.ShipBy, BuyerName = c.BuyerName, RecipientName = c.Recipient.Name,
            RecipientPhone = c.Recipient.Phone, RecipientAddress = c.Recipient.FullAddress, PaymentMethod = c.PaymentMethod, Total = c.Total,
            CodAmount = c.CodAmount, ShippingFee = c.ShippingFee, BuyerNote = c.BuyerNote, RawJson = c.RawJson,
            SearchText = Text.Fold($"{c.OrderId} {c.BuyerName} {c.Recipient.Name} {c.Recipient.Phone}"),
            Lines = c.Lines.Select(l => new OrderLine
            {
                OrderId = id, ChannelLineId = l.LineId, ChannelItemId = l.ListingId, ChannelModelId = l.ModelId, SellerSku = l.SellerSku, Name = l.Name, Quantity = l.Quantity, UnitPrice = l.SalePrice,
            }).ToList(),
        };
    }

    private static async Task<double> OrdersPerSecond<T>(IReadOnlyList<T> pages, int workers, Func<T, Task> import)
    {
        await import(pages[0]);
        var next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < pages.Count) await import(pages[i]);
        }));
        return (pages.Count - 1) * PageSize / watch.Elapsed.TotalSeconds;
    }

    // ───────────────────────────── 3: the order list over a big table ─────────────────────────────

    private static async Task ListAsync(WebApplication app, string name, bool postgres, int count, Options o)
    {
        var label = $"Bench danh sách đơn ({count:N0})";
        var workspace = await ExistingSeedAsync(app, label, count);
        if (workspace is null)
        {
            workspace = await NewWorkspaceAsync(app, label);
            var shops = await Scope(app, workspace, async (db, _) =>
            {
                var created = ListShops.Select(s => new Shop { Channel = s.Channel, Name = s.Name, MarketplaceShopId = $"40000{Array.IndexOf(ListShops, s)}", IsActive = true }).ToList();
                db.Shops.AddRange(created);
                await db.SaveChangesAsync();
                return created;
            });
            // Oldest first, as a live table grows; autovacuum has long passed over the older orders (visibility
            // map set, so index-only scans skip the heap) but not yet over the last 3 days' inserts and updates.
            var watch = Stopwatch.StartNew();
            var plan = ListPlan(count, DateTime.UtcNow);
            var recent = Array.FindIndex(plan, p => p.At > DateTime.UtcNow.AddDays(-3)) is var r and >= 0 ? r : plan.Length;
            foreach (var (from, to) in new[] { (0, recent), (recent, plan.Length) })
            {
                var rows = ListRows(workspace.Value, shops, plan, from, to);
                if (postgres) await CopyAsync(app, rows);
                else await AddInBatchesAsync(app, workspace.Value, rows);
                if (from == 0 && postgres) await Scope(app, null, (db, _) => db.Database.ExecuteSqlRawAsync("VACUUM \"Orders\""));
            }
            Console.WriteLine($"{name}: seeded {count:N0} orders over {shops.Count} shops in {watch.Elapsed.TotalSeconds:0} s");
        }
        else Console.WriteLine($"{name}: reusing the {count:N0} orders seeded by an earlier run ({label})");
        await Scope(app, null, (db, _) => db.Database.ExecuteSqlRawAsync(postgres ? "ANALYZE \"Orders\"" : "ANALYZE"));

        var ws = workspace.Value;
        var smallest = ListShops[^1].Name;
        var (smallShop, sample) = await Scope(app, ws, async (db, _) => (
            await db.Shops.Where(s => s.Name == smallest).Select(s => s.Id).SingleAsync(),
            await db.Orders.AsNoTracking().Where(x => x.Status == OrderStatus.Completed).OrderByDescending(x => x.Id).FirstAsync()));
        var phone = "0" + sample.RecipientPhone![3..]; // typed the way staff do: 09xxxxxxxx
        var buyer = Text.Fold(sample.RecipientName);  // without tone marks: "tran thi thu ha"

        var pages = new List<(string Label, Func<SellerHubDb, IQueryable<Order>> Query)>
        {
            ("All, page 1", db => Page(db, null, null, null, null, 1)),
        };
        pages.AddRange(Enum.GetValues<OrderStatus>().Select(s => ($"Tab {s}, page 1", (Func<SellerHubDb, IQueryable<Order>>)(db => Page(db, s, null, null, null, 1)))));
        pages.AddRange(
        [
            ("All, page 50", db => Page(db, null, null, null, null, 50)),
            ("Tab Completed, page 50", db => Page(db, OrderStatus.Completed, null, null, null, 50)),
            ("Warning OutOfStock, page 1", db => Page(db, null, OrderWarning.OutOfStock, null, null, 1)),
            ("Warning Overdue, page 1", db => Page(db, null, OrderWarning.Overdue, null, null, 1)),
            ("Tab AwaitingApproval + warning Unlinked", db => Page(db, OrderStatus.AwaitingApproval, OrderWarning.UnlinkedListing, null, null, 1)),
            ("Shop (smallest, 10 %), page 1", db => Page(db, null, null, smallShop, null, 1)),
            ($"Search phone {phone}", db => Page(db, null, null, null, phone, 1)),
            ($"Search name \"{buyer}\"", db => Page(db, null, null, null, buyer, 1)),
            ($"Search order id {sample.ChannelOrderId}", db => Page(db, null, null, null, sample.ChannelOrderId, 1)),
        ]);

        Console.WriteLine($"{name}: order list over {count:N0} orders (GET /orders, 50 per page){(postgres ? $"; target p95 ≤ {TargetMs} ms" : "")}");
        Console.WriteLine($"  {"query",-52} {"rows",6} {"p50 ms",8} {"p95 ms",8}");
        var missed = new List<(string, Func<SellerHubDb, IQueryable<Order>>)>();
        foreach (var (text, query) in pages)
        {
            var (rows, p50, p95) = await TimeAsync(app, ws, o.Runs, async db => (await Summaries(query(db)).ToListAsync()).Count);
            Console.WriteLine($"  {text,-52} {rows,6} {p50,8:0.0} {p95,8:0.0}{Mark(!postgres || p95 <= TargetMs, "")}");
            if (p95 > TargetMs) missed.Add((text, query));
        }
        // GET /orders/counts: the tab badges (one GROUP BY, then one COUNT per warning).
        foreach (var (text, shop) in new[] { ("Counts (all shops)", (Guid?)null), ("Counts (smallest shop)", smallShop) })
        {
            var (rows, p50, p95) = await TimeAsync(app, ws, o.Runs, async db =>
                (await OrderList.CountAsync(db.Orders.Where(x => shop == null || x.ShopId == shop), default)).Statuses.Values.Sum());
            Console.WriteLine($"  {text,-52} {rows,6} {p50,8:0.0} {p95,8:0.0}{Mark(!postgres || p95 <= TargetMs, "")}");
        }

        // What PostgreSQL did for each miss, on the SQL EF generates.
        if (o.Explain && postgres)
            foreach (var (text, query) in missed)
                await Scope(app, ws, async (db, _) =>
                {
                    await using var command = Summaries(query(db)).CreateDbCommand();
                    Console.WriteLine($"\n── {text}\n{command.CommandText}\n");
                    command.CommandText = "EXPLAIN (ANALYZE, BUFFERS) " + command.CommandText;
                    await command.Connection!.OpenAsync();
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync()) Console.WriteLine(reader.GetString(0));
                    return 0;
                });
    }

    /// <summary>GET /orders' query: the shared filters, newest first, one page.</summary>
    private static IQueryable<Order> Page(SellerHubDb db, OrderStatus? status, OrderWarning? warning, Guid? shop, string? q, int page) =>
        OrderList.Filter(db.Orders.AsNoTracking(), status, warning, shop, q)
            .OrderByDescending(o => o.OrderedAt).ThenBy(o => o.Id)
            .Skip((page - 1) * PageSize).Take(PageSize);

    // Projected as OrdersApi does, with a method call in the final Select (EF runs it on the client, so the SQL reads whole rows).
    private static IQueryable<OrderSummaryDto> Summaries(IQueryable<Order> orders) => orders.Select(o => Summary(o));

    private static OrderSummaryDto Summary(Order o) => new(o.Id, o.ShopId, o.Channel, o.ChannelOrderId, o.ChannelStatus, o.Status, o.Warnings, o.WarningDetail,
        o.RecipientName, o.RecipientPhone, o.Total, o.CodAmount, o.OrderedAt, o.ShipBy, o.CancelDeadline);

    /// <summary>p50/p95 of <paramref name="runs"/> runs after a warm-up, each in its own scope like a request; the query alone is timed.</summary>
    private static async Task<(int Rows, double P50, double P95)> TimeAsync(WebApplication app, Guid workspace, int runs, Func<SellerHubDb, Task<int>> query)
    {
        var times = new List<double>();
        var rows = 0;
        for (var i = 0; i < WarmUp + runs; i++)
            await Scope(app, workspace, async (db, _) =>
            {
                var watch = Stopwatch.StartNew();
                rows = await query(db);
                if (i >= WarmUp) times.Add(watch.Elapsed.TotalMilliseconds);
                return rows;
            });
        times.Sort();
        return (rows, times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
    }

    private static async Task<Guid?> ExistingSeedAsync(WebApplication app, string label, int count)
    {
        var ids = await Scope(app, null, (db, _) => db.Workspaces.Where(w => w.Name == label).Select(w => w.Id).ToListAsync());
        foreach (var id in ids)
            if (await Scope(app, id, (db, _) => db.Orders.CountAsync()) == count) return id; // a complete seed
        return null;
    }

    /// <summary>Shops of one busy seller, with their share of the orders.</summary>
    private static readonly (ChannelType Channel, string Name, double Share)[] ListShops =
    [
        (ChannelType.Shopee, "Shopee Hana Beauty", 0.45), (ChannelType.Lazada, "Lazada Hana Official", 0.25),
        (ChannelType.TikTokShop, "TikTok Hana Beauty", 0.20), (ChannelType.Shopee, "Shopee Hana Outlet", 0.10),
    ];

    /// <summary>
    /// 90 days of a busy seller (~11,000 orders a day): mostly finished orders. Marketplaces want orders shipped
    /// within 2 days, so about 3 days' worth wait in the open tabs, 1.5 in packing and 4 with the carrier.
    /// </summary>
    private static readonly (OrderStatus Status, double Share)[] StatusMix =
    [
        (OrderStatus.AwaitingPayment, 0.5), (OrderStatus.AwaitingApproval, 1.5), (OrderStatus.Approved, 0.7), (OrderStatus.CancelRequested, 0.3),
        (OrderStatus.Processing, 1.5), (OrderStatus.Shipping, 4), (OrderStatus.Completed, 79), (OrderStatus.Cancelled, 9), (OrderStatus.Returned, 3.5),
    ];

    /// <summary>When each order was placed and its status now, oldest first: open orders are recent, finished ones spread over 90 days.</summary>
    private static (DateTime At, OrderStatus Status)[] ListPlan(int count, DateTime now)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var status = PickWeighted(random, StatusMix);
            var days = OrderList.Open.Contains(status) ? 3 : status is OrderStatus.Processing or OrderStatus.Shipping ? 7 : 90;
            return (now.AddSeconds(-random.Next(days * 24 * 3600)), status);
        }).OrderBy(p => p.Item1).ToArray();
    }

    /// <summary>Whole order rows as the import leaves them (no lines: the list never reads them). Deterministic per row.</summary>
    private static IEnumerable<Order> ListRows(Guid workspace, IReadOnlyList<Shop> shops, (DateTime At, OrderStatus Status)[] plan, int from, int to)
    {
        var shopMix = shops.Select((s, i) => (s, ListShops[i].Share)).ToArray();
        var now = plan[^1].At;
        for (var i = from; i < to; i++)
        {
            var (at, status) = plan[i];
            var random = new Random(i);
            var shop = PickWeighted(random, shopMix);
            var open = OrderList.Open.Contains(status);
            var person = Person.Random(random);
            var (warnings, detail) = open ? Warnings(random, status, at, now) : (OrderWarning.None, null);
            // yyMMdd + 8 base-36 characters, unique: i times a number prime to 36, modulo 36^8.
            var id = $"{at:yyMMdd}{Base36(i * 1_000_000_007L % 2_821_109_907_456L)}";
            var items = 1 + random.Next(3);
            var total = items * (59 + random.Next(400)) * 1000m;
            var cod = random.Next(10) < 7;
            var word = ChannelWord(shop.Channel, status);
            yield return new Order
            {
                Id = Guid.CreateVersion7(at), // imported when placed, so ids grow with time as in a live table
                WorkspaceId = workspace, ShopId = shop.Id, Channel = shop.Channel, ChannelOrderId = id, ChannelStatus = word, Status = status,
                ChannelUpdatedAt = at.AddHours(open ? 0 : random.Next(1, 120)), OrderedAt = at, ShipBy = at.AddDays(2),
                BuyerName = person.Name, RecipientName = person.Name, RecipientPhone = person.E164, RecipientAddress = person.Address,
                PaymentMethod = cod ? "COD" : "Ví điện tử", Total = total, CodAmount = cod ? total : 0, ShippingFee = 16_500,
                StatusBeforeCancelRequest = status == OrderStatus.CancelRequested ? OrderStatus.AwaitingApproval : null,
                Warnings = warnings, WarningDetail = detail, ImportedAt = at.AddMinutes(1),
                SearchText = Text.Fold($"{id} {person.Name} {person.Name} {person.Phone}"), // as ImportOrders.Apply
                RawJson = RawJson(id, word, person, total, Enumerable.Range(0, items).Select(n => (ItemId(n * 37 % Skus), ProductName(n * 37 % Skus), 1, total / items))),
            };
        }
    }

    private static (OrderWarning, string?) Warnings(Random random, OrderStatus status, DateTime at, DateTime now)
    {
        var w = OrderWarning.None;
        var detail = new List<string>();
        if (random.Next(100) < 6) { w |= OrderWarning.UnlinkedListing; detail.Add("Chưa liên kết: Combo quà tặng"); }
        if (random.Next(100) < 4) { w |= OrderWarning.OutOfStock; detail.Add($"Hết hàng: {Sku(random.Next(Skus))} thiếu 1"); }
        if (random.Next(100) < 1) { w |= OrderWarning.RecipientIncomplete; detail.Add("Người nhận thiếu/sai: số điện thoại"); }
        if (status == OrderStatus.AwaitingPayment) w |= OrderWarning.Unpaid;
        var shipBy = at.AddDays(2);
        if (shipBy < now) w |= OrderWarning.Overdue;
        else if (shipBy - now < ImportOrders.NearDeadline) w |= OrderWarning.NearDeadline;
        return (w, detail.Count == 0 ? null : string.Join("; ", detail));
    }

    /// <summary>A status word the shop's marketplace uses for this status (SellerHub's own Approved reads "waiting" there).</summary>
    private static string ChannelWord(ChannelType channel, OrderStatus status)
    {
        var table = channel switch { ChannelType.Shopee => ChannelStatuses.Shopee, ChannelType.Lazada => ChannelStatuses.Lazada, _ => ChannelStatuses.TikTok };
        return table.FirstOrDefault(kv => kv.Value == status).Key ?? table.First(kv => kv.Value == OrderStatus.AwaitingApproval).Key;
    }

    /// <summary>PostgreSQL: binary COPY. Columns and conversions (enums as text…) come from the EF model, so the rows are what the app writes.</summary>
    private static async Task CopyAsync(WebApplication app, IEnumerable<Order> rows)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SellerHubDb>();
        var entity = db.Model.FindEntityType(typeof(Order))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => (Property: p, p.GetTypeMapping().Converter,
            Type: Regex.Replace(p.GetColumnType(), @"\(.*\)", ""))).ToList(); // "character varying(64)" → "character varying"
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var import = await connection.BeginBinaryImportAsync(
            $"COPY \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Property.GetColumnName(table)}\""))}) FROM STDIN (FORMAT BINARY)");
        foreach (var order in rows)
        {
            await import.StartRowAsync();
            foreach (var (property, converter, type) in columns)
            {
                var value = property.PropertyInfo!.GetValue(order);
                if (value is null) await import.WriteNullAsync();
                else await import.WriteAsync(converter is null ? value : converter.ConvertToProvider(value), type);
            }
        }
        await import.CompleteAsync();
    }

    /// <summary>SQLite: EF in batches (fast enough for 100,000 rows, and exactly what the app writes).</summary>
    private static async Task AddInBatchesAsync(WebApplication app, Guid workspace, IEnumerable<Order> rows)
    {
        foreach (var batch in rows.Chunk(5_000))
            await Scope(app, workspace, (db, _) =>
            {
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                db.Orders.AddRange(batch);
                return db.SaveChangesAsync();
            });
    }

    // ───────────────────────────── realistic Vietnamese data ─────────────────────────────

    private sealed record Person(string Name, string Phone, string Street, string Ward, string? District, string Province, string Address)
    {
        public string E164 => "+84" + Phone[1..];

        private static readonly string[] Surnames = ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
        private static readonly string[] Middles = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Quốc", "Hoàng", "Thu", "Đức", "Gia", "Bảo", "Thị Thu", "Thị Ngọc"];
        private static readonly string[] Givens = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hương", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Ngọc", "Nhung",
            "Phúc", "Phương", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Uyên", "Vy", "Yến", "Đạt", "Hiếu", "Hải", "Thư", "Duyên"];
        private static readonly string[] Prefixes = ["090", "091", "093", "094", "096", "097", "098", "086", "088", "089", "032", "035", "038", "070", "077", "081", "083", "085"];
        private static readonly string[] Streets = ["Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Trần Hưng Đạo", "Lý Thường Kiệt", "Điện Biên Phủ", "Võ Văn Tần",
            "Cách Mạng Tháng Tám", "Phan Đình Phùng", "Nguyễn Trãi", "Lê Duẩn", "Hoàng Diệu", "Quang Trung", "Nguyễn Văn Cừ"];
        // Old three-level addresses (still what most buyers type) and the 2025 two-level ones.
        private static readonly (string Ward, string? District, string Province)[] Places =
        [
            ("Phường Bến Nghé", "Quận 1", "Thành phố Hồ Chí Minh"), ("Phường Võ Thị Sáu", "Quận 3", "Thành phố Hồ Chí Minh"),
            ("Phường 25", "Quận Bình Thạnh", "Thành phố Hồ Chí Minh"), ("Xã Tân Thông Hội", "Huyện Củ Chi", "Thành phố Hồ Chí Minh"),
            ("Phường Hàng Trống", "Quận Hoàn Kiếm", "Thành phố Hà Nội"), ("Phường Dịch Vọng", "Quận Cầu Giấy", "Thành phố Hà Nội"),
            ("Phường Hải Châu I", "Quận Hải Châu", "Thành phố Đà Nẵng"), ("Phường An Hòa", "Quận Ninh Kiều", "Thành phố Cần Thơ"),
            ("Phường Lê Lợi", "Thành phố Quy Nhơn", "Tỉnh Bình Định"), ("Phường Sài Gòn", null, "Thành phố Hồ Chí Minh"),
            ("Phường Hoàn Kiếm", null, "Thành phố Hà Nội"), ("Xã Bà Điểm", null, "Thành phố Hồ Chí Minh"),
        ];
        private static readonly string[] Numbers = ["12", "45/7", "128A", "3", "201", "16B", "77/12/4", "9"];

        public static Person Random(Random r)
        {
            var name = $"{Pick(r, Surnames)} {Pick(r, Middles)} {Pick(r, Givens)}";
            var phone = Pick(r, Prefixes) + r.Next(10_000_000).ToString("D7");
            var (ward, district, province) = Pick(r, Places);
            var street = $"{Pick(r, Numbers)} {Pick(r, Streets)}";
            // One buyer in four abbreviates: "12 Lê Lợi, P. Bến Nghé, Q. 1, TP. Hồ Chí Minh".
            var address = r.Next(4) == 0
                ? string.Join(", ", new[] { street, ward.Replace("Phường ", "P. ").Replace("Xã ", "X. "), district?.Replace("Quận ", "Q. ").Replace("Huyện ", "H. "), province.Replace("Thành phố ", "TP. ").Replace("Tỉnh ", "") }.OfType<string>())
                : string.Join(", ", new[] { street, ward, district, province }.OfType<string>());
            return new Person(name, phone, street, ward, district, province, address);
        }
    }

    private static readonly string[] Products = ["Sữa rửa mặt trà xanh", "Kem chống nắng SPF50", "Son kem lì", "Nước tẩy trang", "Serum vitamin C",
        "Áo thun cotton", "Quần jean ống suông", "Tất cổ ngắn", "Váy hoa nhí", "Dép quai ngang", "Mũ lưỡi trai", "Túi tote vải",
        "Ốp lưng iPhone", "Sạc nhanh 20W", "Tai nghe bluetooth", "Bình giữ nhiệt 500ml"];

    private static string ProductName(int i) => $"{Products[i % Products.Length]} #{i / Products.Length + 1}";
    private static string Sku(int i) => $"SP-{i:D3}";
    private static string ItemId(int i) => $"{2_300_000_000L + i * 7919}";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The marketplace's own order JSON, stored verbatim with every order (a compact Shopee-like shape).</summary>
    private static string RawJson(string id, string status, Person p, decimal total, IEnumerable<(string Item, string Name, int Quantity, decimal Price)> items) =>
        JsonSerializer.Serialize(new
        {
            order_sn = id, order_status = status, region = "VN", currency = "VND", total_amount = total, buyer_username = Text.Fold(p.Name).Replace(" ", ""),
            recipient_address = new { name = p.Name, phone = "84" + p.Phone[1..], full_address = p.Address },
            item_list = items.Select(i => new { item_id = i.Item, model_id = 0, item_name = i.Name, model_quantity_purchased = i.Quantity, model_discounted_price = i.Price }),
        }, Json);

    // ───────────────────────────── helpers ─────────────────────────────

    private static Task<Guid> NewWorkspaceAsync(WebApplication app, string name) => Scope(app, null, async (db, sp) =>
        (await SetUpWorkspace.Handle(new(name, null, null, "Bench", $"bench-{Guid.NewGuid():N}@bench.vn", "matkhau123"), db, sp.GetRequiredService<UserManager<StaffUser>>(), default)).WorkspaceId);

    /// <summary>One DI scope (one DbContext), acting as the workspace's owner, like one request.</summary>
    private static async Task<T> Scope<T>(WebApplication app, Guid? workspace, Func<SellerHubDb, IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(workspace, workspace is null ? null : StaffRole.Owner, "bench");
        return await work(scope.ServiceProvider.GetRequiredService<SellerHubDb>(), scope.ServiceProvider);
    }

    private static T Pick<T>(Random r, T[] values) => values[r.Next(values.Length)];

    private static T PickWeighted<T>(Random r, (T Value, double Weight)[] table)
    {
        var x = r.NextDouble() * table.Sum(t => t.Weight);
        foreach (var (value, weight) in table)
            if ((x -= weight) < 0) return value;
        return table[^1].Value;
    }

    private static string Base36(long n)
    {
        const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var chars = new char[8];
        for (var i = 7; i >= 0; i--, n /= 36) chars[i] = digits[(int)(n % 36)];
        return new string(chars);
    }

    private static string Mark(bool met, string target) => met ? "" : $"  ✗ missed{(target.Length > 0 ? $" (target {target})" : "")}";

    private static int Arg(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v && int.TryParse(v, out var n) ? n : fallback;
}
