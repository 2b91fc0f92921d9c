using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Orders;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>Orders pulled from a real (sandbox) Shopee shop: one row per order however often pulled, stock held, warnings raised.</summary>
public abstract class OrderPullTests(AppFixture fixture) : IAsyncLifetime
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private WebApplication sandbox = null!;
    private HttpClient admin = null!;

    public async ValueTask InitializeAsync()
    {
        (sandbox, var address) = await SellerHub.Sandbox.SandboxServer.StartAsync();
        admin = new HttpClient { BaseAddress = address };
        await admin.PutAsJsonAsync("/sandbox/admin/shops/Shopee/200001/rate", new { OrdersPerMinute = 0 }, Ct); // the world holds still
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await sandbox.StopAsync();
        await sandbox.DisposeAsync();
    }

    private async Task<(TestWorkspace W, HttpClient Api, Guid Shop)> ConnectedShop()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = (await (await w.CreateWarehouseAsync(api, "HCM")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var sunscreen = (await (await api.PostAsJsonAsync("/api/v1/products", new { sku = "KCN-50", name = "Kem chống nắng" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = sunscreen, warehouseId = warehouse, delta = 1000, reason = "Tồn đầu kỳ" }, Ct);
        await api.PutAsJsonAsync("/api/v1/channel-apps/Shopee", new { appKey = "2001887", secret = "shpk-sandbox-partner-key-0001", baseUrl = new Uri(admin.BaseAddress!, "/shopee").ToString() }, Ct);
        var shop = (await (await api.PostAsJsonAsync("/api/v1/shops", new { channel = "Shopee", name = "Shopee", defaultWarehouseId = warehouse, isActive = true }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        var seller = await Browser.SignInAsync(App, w.OwnerEmail, TestApp.Password);
        var consent = await seller.GetAsync($"/channels/Shopee/connect?shop={shop}", Ct);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = (await browser.GetAsync(consent.Headers.Location, Ct)).Headers.Location!;
        await seller.GetAsync(callback.PathAndQuery, Ct);
        await api.PostAsync($"/api/v1/shops/{shop}/listings/sync", null, Ct); // links KCN-50 by its exact SKU
        return (w, api, Guid.Parse(shop));
    }

    private async Task<JsonElement> Pull(HttpClient api, Guid shop)
    {
        var response = await api.PostAsync($"/api/v1/shops/{shop}/orders/pull", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task<string[]> SandboxOrderIds() =>
        (await admin.GetFromJsonAsync<JsonElement[]>("/sandbox/admin/orders?vendor=Shopee", Ct))!
            .Where(o => o.GetProperty("shop_id").ToString() == "200001").Select(o => o.GetProperty("order_id").GetString()!).ToArray();

    [Fact]
    public async Task Pulling_twice_stores_each_marketplace_order_once_and_holds_its_stock_once()
    {
        var (w, api, shop) = await ConnectedShop();
        var expected = await SandboxOrderIds();
        Assert.NotEmpty(expected);

        var first = await Pull(api, shop);
        Assert.Equal(expected.Length, first.GetProperty("created").GetInt32());
        var reservedAfterFirst = await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockReservations.Where(r => r.Status == ReservationStatus.Active).SumAsync(r => r.Quantity, Ct));

        var second = await Pull(api, shop);
        Assert.Equal(0, second.GetProperty("created").GetInt32());
        var stored = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Select(o => o.ChannelOrderId).ToListAsync(Ct));
        Assert.Equal(expected.Order(), stored.Order());
        Assert.Equal(reservedAfterFirst, await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockReservations.Where(r => r.Status == ReservationStatus.Active).SumAsync(r => r.Quantity, Ct)));

        // Open orders for the linked sunscreen hold stock; lines for unlinked listings are flagged, not guessed.
        Assert.True(reservedAfterFirst > 0);
        var heldLines = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.SelectMany(o => o.Lines).CountAsync(l => l.Components != null, Ct));
        Assert.Equal(heldLines, await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockReservations.Where(r => r.Status == ReservationStatus.Active).Select(r => r.OrderLineKey).Distinct().CountAsync(Ct)));
        var flagged = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders?warning=UnlinkedListing", Ct))!;
        var counts = await api.GetFromJsonAsync<JsonElement>("/api/v1/orders/counts", Ct);
        Assert.Equal(flagged.Length, counts.GetProperty("warnings").GetProperty("UnlinkedListing").GetInt32());
        Assert.All(flagged, o => Assert.Contains("UnlinkedListing", o.GetProperty("warnings").GetString()));
    }

    [Fact]
    public async Task A_buyer_cancellation_moves_the_order_to_cancel_requested_on_the_next_pull()
    {
        var (w, api, shop) = await ConnectedShop();
        await Pull(api, shop);
        var open = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.ChannelStatus == "READY_TO_SHIP").Select(o => new { o.Id, o.ChannelOrderId }).FirstAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/sandbox/admin/orders/{open.ChannelOrderId}/buyer-cancel", null, Ct)).StatusCode);
        var again = await Pull(api, shop);
        Assert.True(again.GetProperty("updated").GetInt32() >= 1);

        var order = await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{open.Id}", Ct);
        Assert.Equal("CancelRequested", order.GetProperty("order").GetProperty("status").GetString());
        Assert.Contains(order.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("IN_CANCEL"));
    }

    [Fact]
    public async Task Orders_of_one_workspace_are_invisible_to_another()
    {
        var (_, api, shop) = await ConnectedShop();
        await Pull(api, shop);
        var some = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders", Ct))!.First().GetProperty("id").GetString();

        var other = (await App.NewWorkspaceAsync()).Api();
        Assert.Empty((await other.GetFromJsonAsync<JsonElement[]>("/api/v1/orders", Ct))!);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/orders/{some}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/shops/{shop}/orders/pull", null, Ct)).StatusCode);
    }
}

public sealed class OrderPullTestsOnSqlite(SqliteApp app) : OrderPullTests(app), IClassFixture<SqliteApp>;

public sealed class OrderPullTestsOnPostgres(PostgresApp app) : OrderPullTests(app), IClassFixture<PostgresApp>;
