using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Orders;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>Malformed or partial channel orders are kept raw with their reason; they never make a half order nor stop the batch.</summary>
public abstract class RejectedOrderTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChannelOrder Order(string id, int quantity = 1, decimal total = 150000, string? name = "Trần Văn Nam", string item = "501")
    {
        var now = DateTime.UtcNow;
        return new ChannelOrder(id, "READY_TO_SHIP", name, new ChannelRecipient(name, name is null ? null : "0912345678", name is null ? null : "3 Lý Tự Trọng, Phường Sài Gòn, TP Hồ Chí Minh", null, null, null, null),
            [new ChannelOrderLine("1", item, null, "KCN-50", "Kem chống nắng", quantity, total, total)], 0, 0, total, 0, "Prepaid", null, now, now, now.AddDays(2), false, null, null, null, $"{{\"order_sn\":\"{id}\"}}");
    }

    [Fact]
    public async Task Bad_orders_in_a_batch_are_kept_with_their_reason_and_the_good_ones_import()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var (warehouse, product) = await w.StockedProductAsync(api, "KCN-50", "Kem chống nắng", 100);
        var shop = await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Shopee, Name = "Shopee", MarketplaceShopId = "200001", DefaultWarehouseId = warehouse, IsActive = true };
            db.Shops.Add(shop);
            db.Listings.Add(new Listing { ShopId = shop.Id, ChannelItemId = "501", ChannelModelId = "0", SellerSku = "KCN-50", Name = "Kem", ChannelStatus = "NORMAL", IsActive = true, LinkState = LinkState.Linked, Links = [new ListingLink { ProductId = product }] });
            await db.SaveChangesAsync(Ct);
            return shop;
        });
        IReadOnlyList<ChannelOrder> batch =
        [
            Order("OK-1"),
            Order("BAD-NO-RECIPIENT", name: null),
            Order("BAD-NEGATIVE", quantity: -2),
            Order("BAD-ABSURD", total: 90_000_000_000m),
            Order("BAD-UTF8", name: "Nguy\uFFFDn Văn A"),
            Order("BAD-NO-ITEM", item: ""),
            ChannelOrder.Unreadable("BAD-UNREADABLE", "Không đọc được đơn: thiếu trường order_status", "{\"order_sn\":\"BAD-UNREADABLE\"}"),
            Order("OK-2"),
        ];

        var result = await App.As(w.Id, StaffRole.Owner, (db, _) => ImportOrders.Handle(shop, batch, db, Ct));
        Assert.Equal((2, 6), (result.Created, result.Rejected));
        var stored = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Select(o => o.ChannelOrderId).OrderBy(x => x).ToListAsync(Ct));
        Assert.Equal(["OK-1", "OK-2"], stored);
        Assert.Equal(2, await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockReservations.CountAsync(Ct))); // nothing held for a rejected order

        var rejected = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders/rejected", Ct))!.ToDictionary(r => r.GetProperty("channelOrderId").GetString()!, r => r.GetProperty("error").GetString()!);
        Assert.Equal(6, rejected.Count);
        Assert.Contains("người nhận", rejected["BAD-NO-RECIPIENT"]);
        Assert.Contains("Số lượng -2", rejected["BAD-NEGATIVE"]);
        Assert.Contains("bất thường", rejected["BAD-ABSURD"]);
        Assert.Contains("UTF-8", rejected["BAD-UTF8"]);
        Assert.Contains("mã sản phẩm trên sàn", rejected["BAD-NO-ITEM"]);
        Assert.Contains("order_status", rejected["BAD-UNREADABLE"]);

        // The same broken payload again is one row seen twice; a good copy imports and clears it.
        await App.As(w.Id, StaffRole.Owner, (db, _) => ImportOrders.Handle(shop, [Order("BAD-NEGATIVE", quantity: -2)], db, Ct));
        Assert.Equal(2, (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders/rejected", Ct))!.Single(r => r.GetProperty("channelOrderId").GetString() == "BAD-NEGATIVE").GetProperty("times").GetInt32());
        await App.As(w.Id, StaffRole.Owner, (db, _) => ImportOrders.Handle(shop, [Order("BAD-NEGATIVE", quantity: 2)], db, Ct));
        Assert.Equal(5, (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders/rejected", Ct))!.Length);
        Assert.Equal(3, await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.CountAsync(Ct)));

        // Another workspace sees none of it.
        var other = await App.NewWorkspaceAsync();
        Assert.Empty((await other.Api().GetFromJsonAsync<JsonElement[]>("/api/v1/orders/rejected", Ct))!);
    }
}

public sealed class RejectedOrderTestsOnSqlite(SqliteApp app) : RejectedOrderTests(app), IClassFixture<SqliteApp>;

public sealed class RejectedOrderTestsOnPostgres(PostgresApp app) : RejectedOrderTests(app), IClassFixture<PostgresApp>;
