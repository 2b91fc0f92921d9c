using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>Orders from the seller's website through POST /api/v1/orders: idempotent by key, checked field by field, stock held like any order.</summary>
public abstract class ManualOrderTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TestWorkspace W, HttpClient Api)> Workspace(int tea = 100)
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = (await (await w.CreateWarehouseAsync(api, "HCM")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var product = (await (await api.PostAsJsonAsync("/api/v1/products", new { sku = "TRA-XANH", name = "Trà xanh 500g" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = product, warehouseId = warehouse, delta = tea, reason = "Tồn đầu kỳ" }, Ct);
        await api.PostAsJsonAsync("/api/v1/products", new { sku = "COMBO-TRA", name = "Combo 2 trà", components = new[] { new { productId = product, quantity = 2 } } }, Ct);
        return (w, api);
    }

    private static object Body(string sku = "TRA-XANH", int quantity = 2, string phone = "0912345678", string ward = "26740") => new
    {
        recipient = new { name = "Trần Thị Bình", phone, address = "45 Nguyễn Huệ", provinceCode = "79", wardCode = ward },
        paymentMethod = "COD",
        lines = new[] { new { sku, quantity, price = 120000m } },
        note = "Giao giờ hành chính",
    };

    private static Task<HttpResponseMessage> Post(HttpClient api, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return api.SendAsync(request, Ct);
    }

    private Task<int> Reserved(TestWorkspace w) => App.As(w.Id, StaffRole.Owner, (db, _) => db.StockBalances.SumAsync(b => b.Reserved, Ct));

    [Fact]
    public async Task The_same_key_returns_the_same_order_and_a_different_body_with_it_is_a_conflict()
    {
        var (w, api) = await Workspace();
        var first = await Post(api, Body(), "web-1001");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var order = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = order.GetProperty("order").GetProperty("id").GetString();
        Assert.Equal("AwaitingApproval", order.GetProperty("order").GetProperty("status").GetString());
        Assert.Equal("Website", order.GetProperty("order").GetProperty("channel").GetString());
        Assert.Equal(240000m, order.GetProperty("order").GetProperty("codAmount").GetDecimal());
        Assert.Equal("45 Nguyễn Huệ, Phường Sài Gòn, Thành phố Hồ Chí Minh", order.GetProperty("recipientAddress").GetString());
        Assert.Equal("+84912345678", order.GetProperty("order").GetProperty("recipientPhone").GetString());
        Assert.Equal(2, await Reserved(w));

        var again = await Post(api, Body(), "web-1001");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("order").GetProperty("id").GetString());

        var changed = await Post(api, Body(quantity: 3), "web-1001");
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Contains("Idempotency-Key", await changed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.CountAsync(Ct)));
        Assert.Equal(2, await Reserved(w));

        // Without a key every request is a new order.
        Assert.Equal(HttpStatusCode.Created, (await Post(api, Body(), null)).StatusCode);
        Assert.Equal(2, await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.CountAsync(Ct)));
    }

    [Fact]
    public async Task Eight_retries_of_one_request_at_the_same_moment_make_one_order()
    {
        var (w, api) = await Workspace();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Post(api, Body(), "web-race")));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("order").GetProperty("id").GetString()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.CountAsync(Ct)));
        Assert.Equal(2, await Reserved(w));
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_leaves_nothing_behind()
    {
        var (w, api) = await Workspace();
        var response = await Post(api, new
        {
            recipient = new { name = " ", phone = "12345", address = "45 Nguyễn Huệ", provinceCode = "79", wardCode = "00004" }, // a Hà Nội ward
            paymentMethod = "Bitcoin",
            lines = new object[] { new { sku = "KHONG-CO", quantity = 1, price = 1000m }, new { sku = "TRA-XANH", quantity = -2, price = 1000m } },
        }, "web-bad");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        foreach (var field in new[] { "recipient.name", "recipient.phone", "recipient.wardCode", "paymentMethod", "lines[0].sku", "lines[1].quantity" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        Assert.Contains("KHONG-CO", errors.GetProperty("lines[0].sku")[0].GetString());
        Assert.Equal(0, await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.CountAsync(Ct)));
        Assert.Equal(0, await Reserved(w));

        // The key of a refused request is not spent: the corrected request goes through with it.
        Assert.Equal(HttpStatusCode.Created, (await Post(api, Body(), "web-bad")).StatusCode);

        var warehouseStaff = w.Api(await w.KeyFor(StaffRole.WarehouseStaff));
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(warehouseStaff, Body(), "web-staff")).StatusCode);
    }

    [Fact]
    public async Task A_combo_is_held_as_its_components_and_a_shortage_is_flagged_not_refused()
    {
        var (w, api) = await Workspace(tea: 5);
        var response = await Post(api, Body(sku: "combo-tra", quantity: 3), "web-combo"); // 6 teas wanted, 5 in stock
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("OutOfStock", order.GetProperty("order").GetProperty("warnings").GetString());
        Assert.Contains("thiếu 1", order.GetProperty("order").GetProperty("warningDetail").GetString());
        Assert.Equal(5, await Reserved(w));
        Assert.Equal(0, await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockBalances.CountAsync(b => b.Reserved > b.OnHand, Ct)));
    }
}

public sealed class ManualOrderTestsOnSqlite(SqliteApp app) : ManualOrderTests(app), IClassFixture<SqliteApp>;

public sealed class ManualOrderTestsOnPostgres(PostgresApp app) : ManualOrderTests(app), IClassFixture<PostgresApp>;
