using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Orders;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>A flash sale: 2,000 orders for a SKU with 300 units, from three shops at once, each page delivered twice.</summary>
public abstract class FlashSaleTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<T> As<T>(TestWorkspace w, Func<SellerHubDb, Task<T>> work) => App.As(w.Id, StaffRole.Owner, (db, _) => work(db), w.OwnerUserId);

    [Fact]
    public async Task Two_thousand_orders_on_300_units_reserve_exactly_300_and_flag_the_rest()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var (warehouse, product) = await w.StockedProductAsync(api, "SON-MOI-01", "Son môi", 300);

        var shops = await As(w, async db =>
        {
            var created = new[] { ChannelType.Shopee, ChannelType.Lazada, ChannelType.TikTokShop }.Select(channel => new Shop
            {
                Channel = channel, Name = $"{channel} flash", MarketplaceShopId = "flash-" + channel, DefaultWarehouseId = warehouse, IsActive = true,
            }).ToList();
            db.Shops.AddRange(created);
            db.Listings.AddRange(created.Select(s => new Listing
            {
                ShopId = s.Id, ChannelItemId = "9001", ChannelModelId = "0", SellerSku = "SON-MOI-01", Name = "Son môi", ChannelStatus = "NORMAL",
                IsActive = true, LinkState = LinkState.Linked, Links = [new ListingLink { ProductId = product, Quantity = 1 }],
            }));
            await db.SaveChangesAsync(Ct);
            return created;
        });

        var now = DateTime.UtcNow;
        var status = new Dictionary<ChannelType, string> { [ChannelType.Shopee] = "READY_TO_SHIP", [ChannelType.Lazada] = "pending", [ChannelType.TikTokShop] = "AWAITING_SHIPMENT" };
        // 2,000 orders in pages of 50, spread over the shops; every page arrives twice (pull and push) and all at once.
        var pages = Enumerable.Range(0, 2000).Chunk(50).Select((numbers, page) =>
        {
            var shop = shops[page % 3];
            return (Shop: shop, Orders: numbers.Select(n => new ChannelOrder($"FS{n:D5}", status[shop.Channel], "Nguyễn Văn An",
                new ChannelRecipient("Nguyễn Văn An", "0912345678", "12 Lê Lợi, Phường Bến Thành, TP Hồ Chí Minh", "Hồ Chí Minh", null, "Bến Thành", "12 Lê Lợi"),
                [new ChannelOrderLine("1", "9001", null, "SON-MOI-01", "Son môi", 1, 150000, 120000)], 0, 0, 120000, 120000, "COD", null,
                now, now, now.AddDays(2), false, null, null, null, "{}")).ToList());
        }).ToList();
        // Each shop's pull and its pushes run side by side: six importers at once, every page twice.
        await Parallel.ForEachAsync(pages.Concat(pages), new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = Ct },
            async (p, _) => await As(w, db => ImportOrders.Handle(p.Shop, p.Orders, db, Ct)));

        Assert.Equal(2000, await As(w, db => db.Orders.CountAsync(Ct)));
        var balance = await As(w, db => db.StockBalances.SingleAsync(b => b.ProductId == product, Ct));
        Assert.Equal((300, 300), (balance.OnHand, balance.Reserved));
        Assert.Equal(300, await As(w, db => db.StockReservations.Where(r => r.Status == ReservationStatus.Active).SumAsync(r => r.Quantity, Ct)));
        Assert.Equal(300, await As(w, db => db.StockMovements.Where(m => m.Kind == MovementKind.Reservation).SumAsync(m => m.ReservedDelta, Ct))); // the ledger agrees
        Assert.Equal(1700, await As(w, db => db.Orders.CountAsync(o => (o.Warnings & OrderWarning.OutOfStock) != 0, Ct)));
        Assert.Equal(300, await As(w, db => db.Orders.CountAsync(o => o.Warnings == OrderWarning.None, Ct)));
        Assert.Empty(await As(w, db => ReconcileStock.Handle(db, Ct)));
    }

    [Fact]
    public async Task Imports_cancels_and_receipts_of_the_same_products_at_once_all_go_through_and_leave_the_stock_balanced()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var (warehouse, lipstick) = await w.StockedProductAsync(api, "SON-02", "Son", 1000);
        var mascara = await w.AddProductAsync(api, warehouse, "MASCARA", "Mascara", 1000);
        var shop = await As(w, async db =>
        {
            var shop = new Shop { Channel = ChannelType.Shopee, Name = "Shopee", MarketplaceShopId = "mix-1", DefaultWarehouseId = warehouse, IsActive = true };
            db.Shops.Add(shop);
            db.Listings.AddRange(new[] { ("1", lipstick), ("2", mascara) }.Select(x => new Listing
            {
                ShopId = shop.Id, ChannelItemId = x.Item1, ChannelModelId = "0", SellerSku = x.Item1, Name = x.Item1, ChannelStatus = "NORMAL",
                IsActive = true, LinkState = LinkState.Linked, Links = [new ListingLink { ProductId = x.Item2, Quantity = 1 }],
            }));
            await db.SaveChangesAsync(Ct);
            return shop;
        });
        var now = DateTime.UtcNow;
        List<ChannelOrder> Page(string prefix, int count) => Enumerable.Range(0, count).Select(n => new ChannelOrder($"{prefix}{n:D3}", "READY_TO_SHIP", "Lê Thu",
            new ChannelRecipient("Lê Thu", "0912345678", "1 Lê Lợi, Phường Bến Thành, TP Hồ Chí Minh", "Hồ Chí Minh", null, "Bến Thành", "1 Lê Lợi"),
            // Both products on every order, in either order: lock orders are the engine's business, not the payload's.
            (n % 2 == 0 ? new[] { "1", "2" } : ["2", "1"]).Select((item, line) => new ChannelOrderLine($"{line + 1}", item, null, item, item, 1 + n % 3, 100000, 90000)).ToList(),
            0, 0, 200000, 200000, "COD", null, now, now, now.AddDays(2), false, null, null, null, "{}")).ToList();
        await As(w, db => ImportOrders.Handle(shop, Page("OLD", 30), db, Ct));
        var old = await As(w, db => db.Orders.Select(o => o.Id).ToListAsync(Ct));

        // New pages, cancels of the old orders and receipts of both products, all interleaved, six at a time.
        var work = Enumerable.Range(0, 30).SelectMany(i => new Func<SellerHubDb, Task>[]
        {
            db => ImportOrders.Handle(shop, Page($"N{i:D2}-", 10), db, Ct),
            db => CancelOrder.Handle(old[i], "Khách đổi ý", onChannel: false, cancelWaybills: true, db, Ct),
            db => StockEngine.AdjustAsync(db, i % 2 == 0 ? lipstick : mascara, warehouse, 5, MovementKind.Receipt, "Nhập thêm", null, Ct),
        }).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = Ct }, async (step, _) => await As(w, async db => { await step(db); return 0; }));

        Assert.Equal(30 + 300, await As(w, db => db.Orders.CountAsync(Ct)));
        Assert.Equal(30, await As(w, db => db.Orders.CountAsync(o => o.Status == OrderStatus.Cancelled, Ct)));
        var oldLines = old.SelectMany(id => new[] { $"order/{id}/line/1", $"order/{id}/line/2" }).ToList();
        Assert.Equal(0, await As(w, db => db.StockReservations.CountAsync(r => r.Status == ReservationStatus.Active && oldLines.Contains(r.OrderLineKey), Ct)));
        Assert.Equal(60, await As(w, db => db.StockReservations.CountAsync(r => r.Status == ReservationStatus.Released && oldLines.Contains(r.OrderLineKey), Ct)));
        Assert.Empty(await As(w, db => ReconcileStock.Handle(db, Ct))); // reserved equals the live reservations, for both products
        var balances = await As(w, db => db.StockBalances.ToListAsync(Ct));
        Assert.All(balances, b => Assert.Equal(1075, b.OnHand)); // 1,000 + 15 receipts of 5
        Assert.All(balances, b => Assert.True(b.Reserved <= b.OnHand));
    }
}

public sealed class FlashSaleTestsOnSqlite(SqliteApp app) : FlashSaleTests(app), IClassFixture<SqliteApp>;

public sealed class FlashSaleTestsOnPostgres(PostgresApp app) : FlashSaleTests(app), IClassFixture<PostgresApp>;
