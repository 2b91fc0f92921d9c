using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>Workspace A, by API key or by a signed-in person, can neither see nor change workspace B.</summary>
public abstract class TenancyTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Another_workspaces_records_are_404_by_api_key_and_by_signed_in_user()
    {
        var a = await App.NewWorkspaceAsync("Shop A");
        var b = await App.NewWorkspaceAsync("Shop B");
        var bApi = b.Api();
        var warehouse = await (await b.CreateWarehouseAsync(bApi, "B01")).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var warehouseId = warehouse.GetProperty("id").GetString();
        var shop = await (await bApi.PostAsJsonAsync("/api/v1/shops", new { channel = "Shopee", name = "B trên Shopee", defaultWarehouseId = warehouseId, isActive = true }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var members = await bApi.GetFromJsonAsync<JsonElement>("/api/v1/members", Ct);
        var audit = await bApi.GetFromJsonAsync<JsonElement>("/api/v1/audit", Ct);

        var urls = new[]
        {
            $"/api/v1/warehouses/{warehouseId}",
            $"/api/v1/shops/{shop.GetProperty("id").GetString()}",
            $"/api/v1/members/{members[0].GetProperty("id").GetString()}",
            $"/api/v1/audit/{audit[0].GetProperty("id").GetString()}",
        };

        var aByKey = a.Api();
        var aByCookie = await SignedIn(a.OwnerEmail);
        foreach (var client in new[] { aByKey, aByCookie })
        {
            foreach (var url in urls)
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url, Ct)).StatusCode);

            Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/warehouses", Ct) ?? []);
            Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/shops", Ct) ?? []);
            Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement[]>("/api/v1/audit?pageSize=200", Ct))!,
                e => e.GetProperty("entityId").GetString() == warehouseId);

            var put = await client.PutAsJsonAsync(urls[0], new { code = "HACK", name = "x", phone = "0987654321", address = "x", provinceCode = "79", wardCode = "26740" }, Ct);
            Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync(urls[2], new { role = "WarehouseStaff" }, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(urls[2], Ct)).StatusCode);
            var shopPut = await client.PutAsJsonAsync(urls[1], new { channel = "Shopee", name = "HACK", defaultWarehouseId = warehouseId, isActive = false }, Ct);
            Assert.Equal(HttpStatusCode.NotFound, shopPut.StatusCode);
            Assert.Equal("application/problem+json", shopPut.Content.Headers.ContentType?.MediaType);

            // B's warehouse cannot be borrowed as the default of a new shop in A.
            var borrowing = await client.PostAsJsonAsync("/api/v1/shops", new { channel = "Lazada", name = "A mượn kho", defaultWarehouseId = warehouseId, isActive = false }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, borrowing.StatusCode);
            Assert.Contains("defaultWarehouseId", await borrowing.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
            Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/shops", Ct) ?? []);

            var aMembers = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/members", Ct);
            Assert.Equal(a.OwnerEmail, Assert.Single(aMembers!).GetProperty("email").GetString());
        }

        var unchanged = await bApi.GetFromJsonAsync<JsonElement>(urls[0], Ct);
        Assert.Equal("B01", unchanged.GetProperty("code").GetString());
        var bMembers = await bApi.GetFromJsonAsync<JsonElement[]>("/api/v1/members", Ct);
        Assert.Equal("Owner", Assert.Single(bMembers!).GetProperty("role").GetString());
        var bShop = await bApi.GetFromJsonAsync<JsonElement>(urls[1], Ct);
        Assert.Equal("B trên Shopee", bShop.GetProperty("name").GetString());
        Assert.True(bShop.GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task Saving_a_row_of_another_workspace_is_refused_and_writes_nothing()
    {
        var a = await App.NewWorkspaceAsync();
        var b = await App.NewWorkspaceAsync();
        await b.CreateWarehouseAsync(b.Api(), "B01");
        var bWarehouse = await App.As(b.Id, StaffRole.Owner, (db, _) => db.Warehouses.SingleAsync(Ct));

        // Even a handler that bypassed the query filter cannot write B's row while acting for A.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => App.As(a.Id, StaffRole.Owner, async (db, _) =>
        {
            db.Attach(bWarehouse);
            bWarehouse.Name = "Đổi trộm";
            return await db.SaveChangesAsync(Ct);
        }));
        Assert.Contains("another workspace", refused.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => App.As(a.Id, StaffRole.Owner, async (db, _) =>
        {
            db.Add(new Warehouse { WorkspaceId = b.Id, Code = "A-IN-B", Name = "x", Phone = "0987654321", Address = "x", ProvinceCode = "79", WardCode = "26740" });
            return await db.SaveChangesAsync(Ct);
        }));

        var stored = await App.As(b.Id, StaffRole.Owner, (db, _) => db.Warehouses.OrderBy(w => w.Code).Select(w => w.Name).ToListAsync(Ct));
        Assert.Equal(["Kho B01"], stored);
    }

    [Fact]
    public async Task Every_workspace_owned_table_is_filtered_by_workspace()
    {
        var unfiltered = await App.As(null, null, (db, _) => Task.FromResult(db.Model.GetEntityTypes()
            .Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType) && t.BaseType is null && t.GetDeclaredQueryFilters().Count == 0)
            .Select(t => t.ClrType.Name).ToList()));
        Assert.Empty(unfiltered);
    }

    [Fact]
    public async Task A_key_cannot_be_used_after_it_is_revoked()
    {
        var a = await App.NewWorkspaceAsync();
        var key = await a.KeyFor(StaffRole.Manager);
        var keys = await a.Api().GetFromJsonAsync<JsonElement[]>("/api/v1/api-keys", Ct);
        var id = keys!.Single(k => k.GetProperty("name").GetString() == "Manager key").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await a.Api(key).GetAsync("/api/v1/warehouses", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await a.Api().DeleteAsync($"/api/v1/api-keys/{id}", Ct)).StatusCode);

        var refused = await a.Api(key).GetAsync("/api/v1/warehouses", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("đã bị thu hồi", await refused.Content.ReadAsStringAsync(Ct));
        var inEnglish = new HttpRequestMessage(HttpMethod.Get, "/api/v1/warehouses") { Headers = { { "Accept-Language", "en-US" } } };
        Assert.Contains("has been revoked", await (await a.Api(key).SendAsync(inEnglish, Ct)).Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_401_problems()
    {
        var anonymous = await App.Client().GetAsync("/api/v1/warehouses", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("shk_000000000000_nope").GetAsync("/api/v1/warehouses", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client("not-a-key").GetAsync("/api/v1/warehouses", Ct)).StatusCode);
    }

    private async Task<HttpClient> SignedIn(string email) => await Browser.SignInAsync(App, email, TestApp.Password);
}

public sealed class TenancyTestsOnSqlite(SqliteApp app) : TenancyTests(app), IClassFixture<SqliteApp>;

public sealed class TenancyTestsOnPostgres(PostgresApp app) : TenancyTests(app), IClassFixture<PostgresApp>;
