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
}

public sealed class FlashSaleTestsOnSqlite(SqliteApp app) : FlashSaleTests(app), IClassFixture<SqliteApp>;

public sealed class FlashSaleTestsOnPostgres(PostgresApp app) : FlashSaleTests(app), IClassFixture<PostgresApp>;
