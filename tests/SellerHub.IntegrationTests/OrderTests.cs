using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using SellerHub.Carriers;
using SellerHub.Channels;
using SellerHub.Fulfillment;
using SellerHub.Integrations.Ghn;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Orders;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>Orders pulled from a real (sandbox) Shopee shop — one row per order however often pulled, stock held, warnings raised — then approved or cancelled.</summary>
public abstract class OrderTests(AppFixture fixture) : IAsyncLifetime
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private WebApplication sandbox = null!;
    private HttpClient admin = null!;

    public async ValueTask InitializeAsync()
    {
        (sandbox, var address) = await SellerHub.Sandbox.SandboxServer.StartAsync();
        admin = new HttpClient { BaseAddress = address };
        App.Services.GetRequiredService<GhnOptions>().BaseUrl = new Uri(address, "/ghn/shiip/public-api").ToString(); // this class's carrier
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

    [Fact]
    public async Task The_scheduled_pull_brings_new_orders_from_every_connected_shop_and_records_a_failure_without_stopping()
    {
        var (w, api, shop) = await ConnectedShop();
        await Pull(api, shop);
        var before = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders?pageSize=200", Ct))!.Length;
        await admin.PostAsync("/sandbox/admin/shops/Shopee/200001/orders?count=3", null, Ct);

        await RunScheduledPull();
        Assert.Equal(before + 3, (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders?pageSize=200", Ct))!.Length);

        await admin.PutAsJsonAsync("/sandbox/admin/faults/Shopee", new { ServerErrors = 1.0 }, Ct);
        await admin.PostAsync("/sandbox/admin/shops/Shopee/200001/orders?count=2", null, Ct);
        await RunScheduledPull();
        var failed = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Shops.SingleAsync(s => s.Id == shop, Ct));
        Assert.NotNull(failed.LastError);

        // After the outage the next run catches up from the last success.
        await admin.PutAsJsonAsync("/sandbox/admin/faults/Shopee", new { }, Ct);
        await RunScheduledPull();
        Assert.Equal(before + 5, (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders?pageSize=200", Ct))!.Length);
        Assert.Null((await App.As(w.Id, StaffRole.Owner, (db, _) => db.Shops.SingleAsync(s => s.Id == shop, Ct))).LastError);
    }

    [Fact]
    public async Task Order_pushes_fetch_the_order_at_once_and_land_on_the_same_row_as_a_pull()
    {
        var (w, api, shop) = await ConnectedShop();
        await Pull(api, shop);
        var before = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders?pageSize=200", Ct))!.Length;
        // Earlier tests connected the same sandbox shop in their workspaces; a push for a shop connected twice goes to no one.
        await App.As(null, null, (db, _) => db.Shops.IgnoreQueryFilters().Where(s => s.WorkspaceId != w.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Connection, ShopConnection.NotConnected), Ct));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("/sandbox/admin/webhooks", new { Vendor = "Shopee", Url = new Uri(App.BaseAddress, "/webhooks/shopee").ToString() }, Ct)).StatusCode);

        await admin.PostAsync("/sandbox/admin/shops/Shopee/200001/orders?count=3", null, Ct);
        await Eventually.Get(() => api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders?pageSize=200", Ct), o => o!.Length == before + 3, "the pushed orders to be imported");

        var open = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.ChannelStatus == "READY_TO_SHIP").Select(o => new { o.Id, o.ChannelOrderId }).FirstAsync(Ct));
        await admin.PostAsync($"/sandbox/admin/orders/{open.ChannelOrderId}/buyer-cancel", null, Ct);
        await Eventually.Get(() => api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{open.Id}", Ct),
            o => o.GetProperty("order").GetProperty("status").GetString() == "CancelRequested", "the cancel request push to be applied");

        var pulled = await Pull(api, shop);
        Assert.Equal(0, pulled.GetProperty("created").GetInt32());
        Assert.Equal(before + 3, (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders?pageSize=200", Ct))!.Length);
        // Every push is marked done once its order is imported (just after, hence the wait).
        await Eventually.Get(() => App.As(w.Id, StaffRole.Owner, (db, _) => db.WebhookEvents.CountAsync(e => e.WorkspaceId == w.Id && e.ProcessedAt == null, Ct)),
            pending => pending == 0, "every push to be marked processed");
    }

    [Fact]
    public async Task Five_hundred_orders_by_push_three_times_over_and_by_pull_are_five_hundred_orders()
    {
        var (w, api, shop) = await ConnectedShop();
        await Pull(api, shop);
        var before = (await api.GetFromJsonAsync<JsonElement>("/api/v1/orders/counts", Ct)).GetProperty("statuses").EnumerateObject().Sum(s => s.Value.GetInt32());
        await App.As(null, null, (db, _) => db.Shops.IgnoreQueryFilters().Where(s => s.WorkspaceId != w.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Connection, ShopConnection.NotConnected), Ct));
        var hook = new Uri(App.BaseAddress, "/webhooks/shopee").ToString();
        await admin.PostAsJsonAsync("/sandbox/admin/webhooks", new { Vendor = "Shopee", Url = hook }, Ct);

        await admin.PostAsync("/sandbox/admin/shops/Shopee/200001/orders?count=500", null, Ct);
        Task<int> Total() => App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.CountAsync(Ct));
        await Eventually.Get(Total, n => n == before + 500, "500 pushed orders to be imported", seconds: 180);

        // Every push delivered twice more (signed as Shopee signs), then a pull over the same window.
        var pushes = (await admin.GetFromJsonAsync<JsonElement[]>("/sandbox/recorded/webhooks", Ct))!.Where(h => h.GetProperty("url").GetString() == hook).ToList();
        Assert.True(pushes.Count >= 500);
        using var marketplace = new HttpClient();
        foreach (var push in pushes.Concat(pushes))
        {
            var body = push.GetProperty("body").GetString()!;
            using var request = new HttpRequestMessage(HttpMethod.Post, hook) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
                "shpk-sandbox-partner-key-0001"u8, System.Text.Encoding.UTF8.GetBytes(hook + "|" + body))));
            Assert.Equal(HttpStatusCode.OK, (await marketplace.SendAsync(request, Ct)).StatusCode);
        }
        Assert.Equal(0, (await Pull(api, shop)).GetProperty("created").GetInt32());

        Assert.Equal(before + 500, await Total());
        var ids = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Select(o => o.ChannelOrderId).ToListAsync(Ct));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        await Eventually.Get(() => App.As(w.Id, StaffRole.Owner, (db, _) => db.WebhookEvents.CountAsync(e => e.WorkspaceId == w.Id && e.ProcessedAt == null, Ct)),
            pending => pending == 0, "every push to be processed");
    }

    private Task RunScheduledPull() => App.As(null, null, async (db, sp) =>
    {
        await RunOrderPullsHandler.Handle(new RunOrderPulls(), db, sp.GetServices<SellerHub.Channels.ISalesChannel>(),
            sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), sp.GetRequiredService<ILogger<RunOrderPulls>>(), Ct);
        return 0;
    });

    private static bool IsBlocked(JsonElement order) => (Enum.Parse<OrderWarning>(order.GetProperty("warnings").GetString()!) & ApproveOrders.Blocking) != 0;

    private Task<int> ActiveReservations(TestWorkspace w, Guid orderId) =>
        App.As(w.Id, StaffRole.Owner, (db, _) => db.StockReservations.CountAsync(r => r.OrderLineKey.StartsWith($"order/{orderId}/") && r.Status == ReservationStatus.Active, Ct));

    [Fact]
    public async Task Bulk_approval_moves_the_eligible_orders_and_reports_the_others_with_their_warnings()
    {
        var (w, api, shop) = await ConnectedShop();
        await Pull(api, shop);
        var waiting = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders?status=AwaitingApproval&pageSize=200", Ct))!;
        var blocked = waiting.Where(IsBlocked).ToList();
        var eligible = waiting.Except(blocked).ToList();
        Assert.NotEmpty(blocked);
        Assert.NotEmpty(eligible);

        var result = await (await api.PostAsJsonAsync("/api/v1/orders/approve", new { orderIds = waiting.Select(o => o.GetProperty("id").GetString()) }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(eligible.Select(o => o.GetProperty("id").GetString()).Order(), result.GetProperty("approved").EnumerateArray().Select(a => a.GetString()).Order());
        var refused = result.GetProperty("refused").EnumerateArray().ToList();
        Assert.Equal(blocked.Count, refused.Count);
        Assert.All(refused, r => Assert.Contains(blocked.Single(b => b.GetProperty("id").GetString() == r.GetProperty("orderId").GetString()).GetProperty("warningDetail").GetString()!, r.GetProperty("reason").GetString()));

        var approved = eligible[0].GetProperty("id").GetString();
        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{approved}", Ct);
        Assert.Equal("Approved", detail.GetProperty("order").GetProperty("status").GetString());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.EndsWith("Đã duyệt"));
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/orders/{approved}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/orders/{blocked[0].GetProperty("id").GetString()}/approve", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Racing_approvals_of_one_order_approve_it_once()
    {
        var (w, api, shop) = await ConnectedShop();
        await Pull(api, shop);
        var id = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders?status=AwaitingApproval&pageSize=200", Ct))!
            .First(o => !IsBlocked(o)).GetProperty("id").GetString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => w.Api().PostAsync($"/api/v1/orders/{id}/approve", null, Ct)));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var events = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Set<OrderEvent>().CountAsync(e => e.OrderId == Guid.Parse(id!) && e.Text.EndsWith("Đã duyệt"), Ct));
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task Cancelling_gives_the_stock_back_once_and_needs_a_reason_and_the_right_role()
    {
        var (w, api, shop) = await ConnectedShop();
        await Pull(api, shop);
        var id = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.Status == OrderStatus.AwaitingApproval && o.Lines.Any(l => l.Components != null)).Select(o => o.Id).FirstAsync(Ct));
        var reservations = await ActiveReservations(w, id);
        Assert.True(reservations > 0);
        var reservedBefore = await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockBalances.SumAsync(b => b.Reserved, Ct));

        var noReason = await api.PostAsJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = " " }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("lý do", await noReason.Content.ReadAsStringAsync(Ct));
        var warehouseStaff = w.Api(await w.KeyFor(StaffRole.WarehouseStaff));
        Assert.Equal(HttpStatusCode.Forbidden, (await warehouseStaff.PostAsJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = "Khách đổi ý" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await warehouseStaff.PostAsync($"/api/v1/orders/{id}/approve", null, Ct)).StatusCode);
        Assert.Equal(reservations, await ActiveReservations(w, id));

        var orderStaff = w.Api(await w.KeyFor(StaffRole.OrderStaff));
        Assert.Equal(HttpStatusCode.NoContent, (await orderStaff.PostAsJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = "Khách đổi ý" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await orderStaff.PostAsJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = "Khách đổi ý" }, Ct)).StatusCode);
        Assert.Equal(0, await ActiveReservations(w, id));
        var heldByOrder = await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockReservations.Where(r => r.OrderLineKey.StartsWith($"order/{id}/")).SumAsync(r => r.Quantity, Ct));
        Assert.Equal(reservedBefore - heldByOrder, await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockBalances.SumAsync(b => b.Reserved, Ct)));

        var order = await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}", Ct);
        Assert.Equal("Cancelled", order.GetProperty("order").GetProperty("status").GetString());
        Assert.Single(order.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("Khách đổi ý"));
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/orders/{id}/approve", null, Ct)).StatusCode);
    }

    private async Task<JsonElement> SandboxOrder(string orderId) =>
        (await admin.GetFromJsonAsync<JsonElement[]>("/sandbox/admin/orders?vendor=Shopee", Ct))!.Single(o => o.GetProperty("order_id").GetString() == orderId);

    private async Task<int> DecisionCalls(string path) =>
        (await admin.GetFromJsonAsync<JsonElement[]>("/sandbox/recorded/calls?vendor=Shopee", Ct))!.Count(c => c.GetProperty("path").GetString()!.Contains(path + "?") && c.GetProperty("status").GetInt32() == 200
            && c.GetProperty("error").ValueKind == JsonValueKind.Null);

    private async Task<(Guid Id, string ChannelOrderId)> CancelRequested(TestWorkspace w, HttpClient api, Guid shop)
    {
        await Pull(api, shop);
        var open = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.ChannelStatus == "READY_TO_SHIP" && o.Lines.Any(l => l.Components != null))
            .Select(o => new { o.Id, o.ChannelOrderId }).FirstAsync(Ct));
        await admin.PostAsync($"/sandbox/admin/orders/{open.ChannelOrderId}/buyer-cancel", null, Ct);
        await Pull(api, shop);
        return (open.Id, open.ChannelOrderId);
    }

    [Fact]
    public async Task Accepting_a_cancel_request_frees_the_stock_at_once_and_the_marketplace_receives_the_decision_once()
    {
        var (w, api, shop) = await ConnectedShop();
        var (id, channelId) = await CancelRequested(w, api, shop);
        Assert.True(await ActiveReservations(w, id) > 0);

        var orderStaff = w.Api(await w.KeyFor(StaffRole.OrderStaff));
        Assert.Equal(HttpStatusCode.NoContent, (await orderStaff.PostAsync($"/api/v1/orders/{id}/cancel-request/accept", null, Ct)).StatusCode);
        Assert.Equal(0, await ActiveReservations(w, id));
        Assert.Equal("Cancelled", (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}", Ct)).GetProperty("order").GetProperty("status").GetString());

        await Eventually.Get(async () => (await SandboxOrder(channelId)).GetProperty("state").GetString(), s => s == "Cancelled", "the marketplace cancels the order");
        var timeline = await Eventually.Get(async () => (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}", Ct)).GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList(),
            t => t.Any(e => e.StartsWith("Đã gửi \"đồng ý huỷ\"")), "the decision's outcome on the timeline");
        Assert.Contains(timeline, e => e.StartsWith("Đồng ý yêu cầu huỷ"));

        // The same message delivered again (a retry after a crash) looks first and sends nothing.
        await App.Services.GetRequiredService<Wolverine.IMessageBus>().InvokeAsync(new SendOrderToChannel(w.Id, id, ChannelOrderAction.AcceptCancel, channelId), Ct);
        Assert.Equal(1, await DecisionCalls("/handle_buyer_cancellation"));
        var texts = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}", Ct)).GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
        Assert.Contains(texts, e => e.Contains("không còn chờ"));
        Assert.Equal("CANCELLED", (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}", Ct)).GetProperty("order").GetProperty("channelStatus").GetString());
    }

    [Fact]
    public async Task Rejecting_a_cancel_request_keeps_the_stock_survives_an_outage_and_is_not_reopened_by_the_next_pull()
    {
        var (w, api, shop) = await ConnectedShop();
        var (id, channelId) = await CancelRequested(w, api, shop);
        var held = await ActiveReservations(w, id);
        SendOrderToChannelHandler.RetryAfter = TimeSpan.FromSeconds(1);
        await admin.PutAsJsonAsync("/sandbox/admin/faults/Shopee", new { ServerErrors = 1.0 }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"/api/v1/orders/{id}/cancel-request/reject", null, Ct)).StatusCode);
        Assert.Equal("AwaitingApproval", (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}", Ct)).GetProperty("order").GetProperty("status").GetString());
        Assert.Equal(held, await ActiveReservations(w, id));
        await Eventually.Get(async () => (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}", Ct)).GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList(),
            t => t.Any(e => e.Contains("sẽ thử lại")), "the outage noted on the timeline");
        Assert.Equal("InCancel", (await SandboxOrder(channelId)).GetProperty("state").GetString());

        // While the decision waits, the channel still says IN_CANCEL: a pull must not reopen the answered request.
        await admin.PutAsJsonAsync("/sandbox/admin/faults/Shopee", new { }, Ct);
        await Pull(api, shop);
        Assert.Equal("AwaitingApproval", (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}", Ct)).GetProperty("order").GetProperty("status").GetString());

        await Eventually.Get(async () => (await SandboxOrder(channelId)).GetProperty("state").GetString(), s => s != "InCancel", "the marketplace receives the rejection after the outage");
        Assert.Equal(1, await Eventually.Get(() => DecisionCalls("/handle_buyer_cancellation"), n => n > 0, "the rejection recorded"));
        Assert.Equal(held, await ActiveReservations(w, id));
    }

    [Fact]
    public async Task Only_a_pending_cancel_request_can_be_answered_and_only_by_order_staff_and_up()
    {
        var (w, api, shop) = await ConnectedShop();
        var (id, _) = await CancelRequested(w, api, shop);
        var warehouseStaff = w.Api(await w.KeyFor(StaffRole.WarehouseStaff));
        Assert.Equal(HttpStatusCode.Forbidden, (await warehouseStaff.PostAsync($"/api/v1/orders/{id}/cancel-request/accept", null, Ct)).StatusCode);
        var other = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.Status == OrderStatus.AwaitingApproval).Select(o => o.Id).FirstAsync(Ct));

        var refused = await api.PostAsync($"/api/v1/orders/{other}/cancel-request/reject", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("không có yêu cầu huỷ", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal("CancelRequested", (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}", Ct)).GetProperty("order").GetProperty("status").GetString());
        Assert.Equal(0, await DecisionCalls("/handle_buyer_cancellation"));
    }

    [Fact]
    public async Task A_seller_cancel_on_the_marketplace_too_reaches_it_and_a_sellerhub_only_cancel_does_not()
    {
        var (w, api, shop) = await ConnectedShop();
        await Pull(api, shop);
        var two = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.ChannelStatus == "READY_TO_SHIP").OrderBy(o => o.Id).Select(o => new { o.Id, o.ChannelOrderId }).Take(2).ToListAsync(Ct));

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync($"/api/v1/orders/{two[0].Id}/cancel", new { reason = "Hết hàng", onChannel = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync($"/api/v1/orders/{two[1].Id}/cancel", new { reason = "Khách gọi huỷ", onChannel = false }, Ct)).StatusCode);

        await Eventually.Get(async () => (await SandboxOrder(two[0].ChannelOrderId)).GetProperty("state").GetString(), s => s == "Cancelled", "the marketplace cancels the first order");
        // The sandbox records a call once it has answered it, just after the order's state changed.
        Assert.Equal(1, await Eventually.Get(() => DecisionCalls("/cancel_order"), n => n > 0, "the cancel call recorded"));
        Assert.Equal("ReadyToShip", (await SandboxOrder(two[1].ChannelOrderId)).GetProperty("state").GetString());
        // The channel still selling the second order does not bring it back.
        await Pull(api, shop);
        Assert.Equal("Cancelled", (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{two[1].Id}", Ct)).GetProperty("order").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_carrier_account_quotes_a_parcel_from_its_pickup_warehouse()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = (await (await w.CreateWarehouseAsync(api, "HCM")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var carrier = (await (await api.PostAsJsonAsync("/api/v1/carriers",
            new { carrier = "Ghn", name = "GHN", token = "ghn-sandbox-token-0001", carrierShopId = "885001", pickupWarehouseId = warehouse }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        async Task<decimal> Quote(int grams)
        {
            var response = await api.PostAsJsonAsync($"/api/v1/carriers/{carrier}/quote",
                new { province = "Thành phố Hà Nội", ward = "Phường Hoàn Kiếm", street = "1 Tràng Tiền", weightGrams = grams, codAmount = 200000, declaredValue = 200000 }, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("fee").GetDecimal();
        }

        var light = await Quote(500);
        Assert.True(light > 0);
        Assert.Equal(10_000m, await Quote(1500) - light); // GHN's answer follows the weight sent

        var bad = await api.PostAsJsonAsync($"/api/v1/carriers/{carrier}/quote", new { province = "", weightGrams = 0 }, Ct);
        await WarehouseAndShopApiTests.AssertFieldError(bad, "weightGrams", "");
        await WarehouseAndShopApiTests.AssertFieldError(await api.PostAsJsonAsync($"/api/v1/carriers/{carrier}/quote", new { province = " ", weightGrams = 500 }, Ct), "province", "");
        var negative = await api.PostAsJsonAsync($"/api/v1/carriers/{carrier}/quote", new { province = "Thành phố Hà Nội", weightGrams = 500, codAmount = -1 }, Ct);
        await WarehouseAndShopApiTests.AssertFieldError(negative, "codAmount", "");
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/carriers/{Guid.NewGuid()}/quote", new { province = "x", weightGrams = 1 }, Ct)).StatusCode);

        // GHN down (after the adapter's retries) is not the seller's input: 503, not a field error.
        await admin.PutAsJsonAsync("/sandbox/admin/faults/Ghn", new { ServerErrors = 1.0 }, Ct);
        try
        {
            var down = await api.PostAsJsonAsync($"/api/v1/carriers/{carrier}/quote", new { province = "Thành phố Hà Nội", weightGrams = 500 }, Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            await admin.PutAsJsonAsync("/sandbox/admin/faults/Ghn", new { }, Ct);
        }
    }

    [Fact]
    public async Task Cancelling_with_the_waybill_cancels_it_at_the_carrier_once_survives_an_outage_and_reports_a_parcel_already_picked_up()
    {
        var (w, api, shop) = await ConnectedShop();
        await Pull(api, shop);
        var three = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.ChannelStatus == "READY_TO_SHIP").OrderBy(o => o.Id).Select(o => o.Id).Take(3).ToListAsync(Ct));
        var warehouse = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Warehouses.Select(x => x.Id).SingleAsync(Ct));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/carriers",
            new { carrier = "Ghn", name = "GHN", token = "ghn-sandbox-token-0001", carrierShopId = "885001", pickupWarehouseId = warehouse }, Ct)).StatusCode);
        // Each order's waybill booked with GHN, as fulfilment books it.
        var waybills = await App.As(w.Id, StaffRole.Owner, async (db, sp) =>
        {
            var connection = await db.CarrierConnections.SingleAsync(Ct);
            var account = connection.Account(await db.Warehouses.SingleAsync(Ct), sp.GetRequiredService<IDataProtectionProvider>());
            var ghn = sp.GetServices<ICarrier>().Single(c => c.Carrier == CarrierType.Ghn);
            var booked = new List<Shipment>();
            foreach (var orderId in three)
            {
                var parcel = new Parcel("Trần Thị Bình", "0987654321", new Address("12 Lê Lợi", "Phường Sài Gòn", null, "Thành phố Hồ Chí Minh"), 300, 150000, 150000, [], null);
                var waybill = await ghn.CreateWaybillAsync(account, parcel, $"SH{orderId:N}", Ct);
                booked.Add(new Shipment { OrderId = orderId, CarrierConnectionId = connection.Id, Carrier = CarrierType.Ghn, IdempotencyKey = waybill.IdempotencyKey, TrackingCode = waybill.TrackingCode, Fee = waybill.Fee });
            }
            db.Shipments.AddRange(booked);
            await db.SaveChangesAsync(Ct);
            return booked.Select(b => (b.Id, b.TrackingCode)).ToList();
        });
        async Task<List<string>> Timeline(Guid id) =>
            (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}", Ct)).GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
        Task<ShipmentStatus> Status(Guid shipment) => App.As(w.Id, StaffRole.Owner, (db, _) => db.Shipments.Where(s => s.Id == shipment).Select(s => s.Status).SingleAsync(Ct));
        async Task<int> CancelCalls() => (await admin.GetFromJsonAsync<JsonElement[]>("/sandbox/recorded/calls?vendor=Ghn", Ct))!
            .Count(c => c.GetProperty("path").GetString()!.Contains("/switch-status/cancel") && c.GetProperty("status").GetInt32() == 200);

        // 1. Not picked up yet: cancelled at the carrier with the order.
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync($"/api/v1/orders/{three[0]}/cancel", new { reason = "Khách đổi ý", onChannel = false }, Ct)).StatusCode);
        Assert.Contains(await Timeline(three[0]), e => e.Contains($"huỷ vận đơn Ghn {waybills[0].TrackingCode}: Khách đổi ý"));
        await Eventually.Get(() => Timeline(three[0]), t => t.Contains($"Đã huỷ vận đơn Ghn {waybills[0].TrackingCode}."), "the cancel noted");
        Assert.Equal(ShipmentStatus.Cancelled, await Status(waybills[0].Id)); // in the same commit as its note
        Assert.Equal("cancel", (await admin.GetFromJsonAsync<JsonElement[]>("/sandbox/recorded/waybills", Ct))!.Single(x => x.GetProperty("tracking_code").GetString() == waybills[0].TrackingCode).GetProperty("status").GetString());
        // Delivered again after a crash that lost the bookkeeping: the carrier is asked first and not told twice.
        var calls = await CancelCalls();
        await App.As(w.Id, StaffRole.Owner, async (db, sp) =>
        {
            await db.Shipments.Where(s => s.Id == waybills[0].Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ShipmentStatus.Created), Ct);
            await CancelWaybillHandler.Handle(new CancelWaybill(w.Id, waybills[0].Id), db, sp.GetServices<ICarrier>(), sp.GetRequiredService<IDataProtectionProvider>(), sp.GetRequiredService<Wolverine.IMessageBus>(), Ct);
            return 0;
        });
        Assert.Equal(ShipmentStatus.Cancelled, await Status(waybills[0].Id));
        Assert.Equal(calls, await CancelCalls());
        Assert.DoesNotContain(await Timeline(three[0]), e => e.Contains("từ chối"));

        // 2. GHN down: retried until it answers.
        CancelWaybillHandler.RetryAfter = TimeSpan.FromSeconds(1);
        await admin.PutAsJsonAsync("/sandbox/admin/faults/Ghn", new { ServerErrors = 1.0 }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync($"/api/v1/orders/{three[1]}/cancel", new { reason = "Hết hàng", onChannel = false }, Ct)).StatusCode);
        await Eventually.Get(() => Timeline(three[1]), t => t.Any(e => e.Contains("sẽ thử lại")), "the outage noted");
        Assert.Equal(ShipmentStatus.Created, await Status(waybills[1].Id));
        await admin.PutAsJsonAsync("/sandbox/admin/faults/Ghn", new { }, Ct);
        await Eventually.Get(() => Status(waybills[1].Id), s => s == ShipmentStatus.Cancelled, "the waybill cancelled once GHN answers");

        // 3. Picked up meanwhile: the carrier keeps the parcel, and staff are told so.
        await admin.PutAsJsonAsync($"/sandbox/admin/waybills/{waybills[2].TrackingCode}/status", new { Status = "picked" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync($"/api/v1/orders/{three[2]}/cancel", new { reason = "Khách huỷ", onChannel = false }, Ct)).StatusCode);
        await Eventually.Get(() => Timeline(three[2]), t => t.Any(e => e.StartsWith($"Không huỷ được vận đơn Ghn {waybills[2].TrackingCode}: hãng đã nhận hàng")), "the refusal explained");
        Assert.Equal(ShipmentStatus.HandedOver, await Status(waybills[2].Id)); // what the carrier says, so the cancel is not offered again
    }

    [Fact]
    public async Task A_decision_the_marketplace_never_takes_ends_with_a_note_to_act_on_the_marketplace()
    {
        var (w, api, shop) = await ConnectedShop();
        var (id, channelId) = await CancelRequested(w, api, shop);
        await admin.PutAsJsonAsync("/sandbox/admin/faults/Shopee", new { ServerErrors = 1.0 }, Ct);
        try
        {
            // The last of the retries: the marketplace is still down.
            await App.Services.GetRequiredService<Wolverine.IMessageBus>().InvokeAsync(
                new SendOrderToChannel(w.Id, id, ChannelOrderAction.RejectCancel, channelId, SendOrderToChannelHandler.MaxAttempts - 1), Ct);
        }
        finally
        {
            await admin.PutAsJsonAsync("/sandbox/admin/faults/Shopee", new { }, Ct);
        }
        var timeline = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}", Ct)).GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
        Assert.Contains(timeline, e => e.Contains($"không trả lời \"từ chối huỷ\" sau {SendOrderToChannelHandler.MaxAttempts} lần thử"));
        Assert.Equal("InCancel", (await SandboxOrder(channelId)).GetProperty("state").GetString());
    }
}

public sealed class OrderTestsOnSqlite(SqliteApp app) : OrderTests(app), IClassFixture<SqliteApp>;

public sealed class OrderTestsOnPostgres(PostgresApp app) : OrderTests(app), IClassFixture<PostgresApp>;
