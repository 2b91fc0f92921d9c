using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Orders;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>The order list's filters (channel, dates, payment, COD) through HTTP, and the same list as an Excel file.</summary>
public abstract class OrderListTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Filters_narrow_the_list_and_the_counts_and_the_export_holds_the_same_orders()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var now = DateTime.UtcNow;
        await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shopee = new Shop { Channel = ChannelType.Shopee, Name = "Shopee", MarketplaceShopId = "200001", IsActive = true };
            var lazada = new Shop { Channel = ChannelType.Lazada, Name = "Lazada", MarketplaceShopId = "300001", IsActive = true };
            db.Shops.AddRange(shopee, lazada);
            await db.SaveChangesAsync(Ct);
            ChannelOrder Order(string id, string status, decimal cod, DateTime created, DateTime shipBy) => new(id, status, "Hồ Thị Lan",
                new ChannelRecipient("Hồ Thị Lan", "0912345678", "9 Pasteur, Phường Sài Gòn, TP Hồ Chí Minh", null, null, null, null),
                [new ChannelOrderLine("1", "501", null, "KCN-50", "Kem chống nắng", 1, 150000, 150000)], 0, 0, 150000, cod, cod > 0 ? "COD" : "ShopeePay", null,
                created, created, shipBy, false, null, null, null, "{}");
            await ImportOrders.Handle(shopee, [
                Order("SP-COD-OLD", "READY_TO_SHIP", 150000, now.AddDays(-10), now.AddDays(-8)),
                Order("SP-COD-NEW", "READY_TO_SHIP", 150000, now.AddHours(-2), now.AddDays(2)),
                Order("SP-PAID-NEW", "READY_TO_SHIP", 0, now.AddHours(-1), now.AddDays(2))], db, Ct);
            return await ImportOrders.Handle(lazada, [Order("LZ-COD-BIG", "pending", 2_500_000, now.AddHours(-3), now.AddDays(1))], db, Ct);
        });

        async Task<string[]> Ids(string query) =>
            (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders?" + query, Ct))!.Select(o => o.GetProperty("channelOrderId").GetString()!).Order().ToArray();
        Assert.Equal(["LZ-COD-BIG"], await Ids("channel=Lazada"));
        Assert.Equal(["SP-PAID-NEW"], await Ids("payment=Prepaid"));
        Assert.Equal(["LZ-COD-BIG", "SP-COD-NEW", "SP-COD-OLD"], await Ids("payment=Cod"));
        Assert.Equal(["LZ-COD-BIG"], await Ids("codMin=1000000"));
        Assert.Equal(["SP-COD-NEW", "SP-COD-OLD"], await Ids("codMin=1&codMax=200000"));
        var since = Uri.EscapeDataString(now.AddDays(-1).ToString("O"));
        Assert.Equal(["LZ-COD-BIG", "SP-COD-NEW", "SP-PAID-NEW"], await Ids($"createdFrom={since}"));
        Assert.Equal(["SP-COD-OLD"], await Ids($"shipByTo={Uri.EscapeDataString(now.ToString("O"))}"));
        Assert.Equal(["SP-COD-NEW"], await Ids($"channel=Shopee&payment=Cod&createdFrom={since}"));

        var counts = await api.GetFromJsonAsync<JsonElement>("/api/v1/orders/counts?channel=Shopee", Ct);
        Assert.Equal(3, counts.GetProperty("statuses").GetProperty("AwaitingApproval").GetInt32());

        var export = await api.GetAsync("/api/v1/orders/export?payment=Cod", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType!.MediaType);
        var rows = (await MiniExcel.QueryAsync(await export.Content.ReadAsStreamAsync(Ct), useHeaderRow: true, cancellationToken: Ct)).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["LZ-COD-BIG", "SP-COD-NEW", "SP-COD-OLD"], rows.Select(r => (string)r["Mã đơn"]!).Order().ToArray());
        var big = rows.Single(r => (string)r["Mã đơn"]! == "LZ-COD-BIG");
        Assert.Equal(2_500_000m, Convert.ToDecimal(big["Thu hộ (COD)"]));
        Assert.Equal("Lazada", big["Gian hàng"]);
        Assert.Equal("KCN-50 × 1", big["Sản phẩm"]);
        Assert.Equal("0912345678", big["Số điện thoại"]);

        // Another workspace's export is empty but still has its headers.
        var other = await App.NewWorkspaceAsync();
        var empty = await (await other.Api().GetAsync("/api/v1/orders/export", Ct)).Content.ReadAsStreamAsync(Ct);
        Assert.DoesNotContain((await MiniExcel.QueryAsync(empty, useHeaderRow: true, cancellationToken: Ct)).Cast<IDictionary<string, object?>>(), r => r["Mã đơn"] is not null);
    }

    [Fact]
    public async Task A_status_event_older_than_the_stored_one_is_ignored_and_a_newer_one_applies_once()
    {
        var w = await App.NewWorkspaceAsync();
        var t0 = DateTime.UtcNow.AddHours(-1);
        ChannelOrder At(string status, DateTime updated) => new("SN-ORDER-OF-EVENTS", status, "Đặng Quốc Bảo",
            new ChannelRecipient("Đặng Quốc Bảo", "0912345678", "7 Lê Lai, Phường Sài Gòn, TP Hồ Chí Minh", null, null, null, null),
            [new ChannelOrderLine("1", "501", null, "KCN-50", "Kem", 1, 100000, 100000)], 0, 0, 100000, 0, "ShopeePay", null, t0, updated, t0.AddDays(2), false, null, null, null, "{}");
        var results = await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Shopee, Name = "Shopee", MarketplaceShopId = "200001", IsActive = true };
            db.Shops.Add(shop);
            await db.SaveChangesAsync(Ct);
            return new[]
            {
                await ImportOrders.Handle(shop, [At("SHIPPED", t0.AddMinutes(30))], db, Ct),
                await ImportOrders.Handle(shop, [At("READY_TO_SHIP", t0.AddMinutes(5))], db, Ct), // late delivery of an older event
                await ImportOrders.Handle(shop, [At("COMPLETED", t0.AddMinutes(50))], db, Ct),
                await ImportOrders.Handle(shop, [At("COMPLETED", t0.AddMinutes(50))], db, Ct),
            };
        });
        Assert.Equal(1, results[1].Stale);
        var order = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Include(o => o.Timeline).SingleAsync(Ct));
        Assert.Equal((OrderStatus.Completed, "COMPLETED"), (order.Status, order.ChannelStatus));
        Assert.Single(order.Timeline, e => e.Text.Contains("(COMPLETED)")); // the repeat changed nothing
        Assert.DoesNotContain(order.Timeline, e => e.Text.Contains("READY_TO_SHIP"));
    }
}

public sealed class OrderListTestsOnSqlite(SqliteApp app) : OrderListTests(app), IClassFixture<SqliteApp>;

public sealed class OrderListTestsOnPostgres(PostgresApp app) : OrderListTests(app), IClassFixture<PostgresApp>;
