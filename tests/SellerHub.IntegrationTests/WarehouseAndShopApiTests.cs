using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

public abstract class WarehouseAndShopApiTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_warehouse_is_created_listed_and_edited_in_the_documented_shape()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();

        var created = await w.CreateWarehouseAsync(api, " hn01 ");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(
            ["id", "code", "name", "phone", "address", "provinceCode", "wardCode", "isActive"],
            body.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("HN01", body.GetProperty("code").GetString());
        Assert.Equal("+84987654321", body.GetProperty("phone").GetString());
        Assert.Equal(created.Headers.Location!.ToString(), "/api/v1/warehouses/" + body.GetProperty("id").GetString());

        var id = body.GetProperty("id").GetString();
        var edited = await api.PutAsJsonAsync($"/api/v1/warehouses/{id}",
            new { code = "HN01", name = "Kho Hà Nội", phone = "024 3942 1234", address = "1 Tràng Tiền", provinceCode = "01", wardCode = "00070", isActive = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        var list = await api.GetFromJsonAsync<JsonElement[]>("/api/v1/warehouses", Ct);
        var only = Assert.Single(list!);
        Assert.Equal("Kho Hà Nội", only.GetProperty("name").GetString());
        Assert.Equal("+842439421234", only.GetProperty("phone").GetString());
        Assert.Equal("00070", only.GetProperty("wardCode").GetString());
    }

    [Fact]
    public async Task Invalid_warehouses_are_refused_field_by_field_and_nothing_is_written()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        await w.CreateWarehouseAsync(api, "HCM1");
        var auditBefore = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/audit?pageSize=200", Ct))!.Length;

        await AssertFieldError(await w.CreateWarehouseAsync(api, "hcm1"), "code", "HCM1");
        await AssertFieldError(await api.PostAsJsonAsync("/api/v1/warehouses",
            new { code = "X1", name = "Kho", phone = "0123", address = "1 A", provinceCode = "79", wardCode = "26740" }, Ct), "phone", "0912345678");
        await AssertFieldError(await api.PostAsJsonAsync("/api/v1/warehouses",
            new { code = "X1", name = "Kho", phone = "0987654321", address = "1 A", provinceCode = "99", wardCode = "26740" }, Ct), "provinceCode", "34");
        await AssertFieldError(await api.PostAsJsonAsync("/api/v1/warehouses",
            new { code = "X1", name = "Kho", phone = "0987654321", address = "1 A", provinceCode = "01", wardCode = "26740" }, Ct), "wardCode", "không thuộc");
        await AssertFieldError(await api.PostAsJsonAsync("/api/v1/warehouses",
            new { code = "X1", name = "", phone = "0987654321", address = "1 A", provinceCode = "79", wardCode = "99999" }, Ct), "name", "Vui lòng");

        Assert.Single((await api.GetFromJsonAsync<JsonElement[]>("/api/v1/warehouses", Ct))!);
        Assert.Equal(auditBefore, (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/audit?pageSize=200", Ct))!.Length);
    }

    [Fact]
    public async Task Errors_follow_the_callers_language()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        var response = await api.PostAsJsonAsync("/api/v1/warehouses",
            new { code = "X1", name = "Kho", phone = "12", address = "1 A", provinceCode = "79", wardCode = "26740" }, Ct);
        await AssertFieldError(response, "phone", "Invalid phone number");
    }

    [Fact]
    public async Task A_shop_cannot_be_active_without_a_warehouse_and_duplicates_are_refused()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();

        await AssertFieldError(await api.PostAsJsonAsync("/api/v1/shops", new { channel = "Lazada", name = "Shop Lazada", isActive = true }, Ct),
            "defaultWarehouseId", "kho mặc định");
        Assert.Empty((await api.GetFromJsonAsync<JsonElement[]>("/api/v1/shops", Ct))!);

        var inactive = await api.PostAsJsonAsync("/api/v1/shops", new { channel = "Lazada", name = "Shop Lazada", marketplaceShopId = "1001", isActive = false }, Ct);
        Assert.Equal(HttpStatusCode.Created, inactive.StatusCode);
        var shopId = (await inactive.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();

        var warehouseId = (await (await w.CreateWarehouseAsync(api, "K1")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var activated = await api.PutAsJsonAsync($"/api/v1/shops/{shopId}",
            new { channel = "Lazada", name = "Shop Lazada", marketplaceShopId = "1001", defaultWarehouseId = warehouseId, isActive = true, credentials = "{\"refresh\":\"secret-token\"}" }, Ct);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        var shop = await activated.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(shop.GetProperty("isActive").GetBoolean());
        Assert.True(shop.GetProperty("hasCredentials").GetBoolean());
        Assert.DoesNotContain("secret-token", shop.ToString());

        await AssertFieldError(await api.PostAsJsonAsync("/api/v1/shops", new { channel = "Lazada", name = "Again", marketplaceShopId = "1001" }, Ct),
            "marketplaceShopId", "đã tồn tại");
        await AssertFieldError(await api.PutAsJsonAsync($"/api/v1/warehouses/{warehouseId}",
            new { code = "K1", name = "Kho", phone = "0987654321", address = "1 A", provinceCode = "79", wardCode = "26740", isActive = false }, Ct),
            "isActive", "gian hàng đang hoạt động");
    }

    [Fact]
    public async Task Shop_credentials_are_encrypted_at_rest()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var created = await api.PostAsJsonAsync("/api/v1/shops", new { channel = "Shopee", name = "S", credentials = "partner-key-123" }, Ct);
        var id = Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!);

        var (stored, readBack) = await App.As(w.Id, StaffRole.Owner, async (db, sp) =>
        {
            var shop = await db.Shops.SingleAsync(s => s.Id == id, Ct);
            var protection = sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();
            return (shop.ProtectedCredentials, SellerHub.Channels.SaveShop.ReadCredentials(shop, protection));
        });
        Assert.NotNull(stored);
        Assert.DoesNotContain("partner-key-123", stored);
        Assert.Equal("partner-key-123", readBack);
    }

    [Fact]
    public async Task Roles_limit_what_a_key_can_change()
    {
        var w = await App.NewWorkspaceAsync();
        var orderStaff = w.Api(await w.KeyFor(StaffRole.OrderStaff));
        var manager = w.Api(await w.KeyFor(StaffRole.Manager));

        Assert.Equal(HttpStatusCode.OK, (await orderStaff.GetAsync("/api/v1/warehouses", Ct)).StatusCode);
        var forbidden = await w.CreateWarehouseAsync(orderStaff, "NO1");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("quản lý kho", (await forbidden.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await orderStaff.GetAsync("/api/v1/members", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await orderStaff.GetAsync("/api/v1/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync("/api/v1/api-keys", new { name = "escalate", role = "Owner" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await w.CreateWarehouseAsync(manager, "OK1")).StatusCode);
        Assert.Single((await manager.GetFromJsonAsync<JsonElement[]>("/api/v1/warehouses", Ct))!);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var w = await App.NewWorkspaceAsync();
        var response = await w.Api().PostAsync("/api/v1/warehouses", new StringContent("{\"code\": ", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var broken = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.StartsWith("Nội dung JSON không đọc được (dòng 1", broken);

        var badEnum = await w.Api().PostAsJsonAsync("/api/v1/shops", new { channel = "Amazon", name = "x" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badEnum.StatusCode);
        Assert.Equal("application/problem+json", badEnum.Content.Headers.ContentType?.MediaType);
        var errors = (await badEnum.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal("channel", Assert.Single(errors.EnumerateObject()).Name);
        Assert.Empty(await w.Api().GetFromJsonAsync<JsonElement[]>("/api/v1/shops", Ct) ?? []);
    }

    [Fact]
    public async Task Concurrent_creations_of_one_code_leave_exactly_one_warehouse()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => w.CreateWarehouseAsync(api, "RACE")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Single((await api.GetFromJsonAsync<JsonElement[]>("/api/v1/warehouses", Ct))!);
    }

    internal static async Task AssertFieldError(HttpResponseMessage response, string field, string messagePart)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains(messagePart, StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class WarehouseAndShopApiTestsOnSqlite(SqliteApp app) : WarehouseAndShopApiTests(app), IClassFixture<SqliteApp>;

public sealed class WarehouseAndShopApiTestsOnPostgres(PostgresApp app) : WarehouseAndShopApiTests(app), IClassFixture<PostgresApp>;
