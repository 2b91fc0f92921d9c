using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.IntegrationTests.Infrastructure;

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
        }

        var unchanged = await bApi.GetFromJsonAsync<JsonElement>(urls[0], Ct);
        Assert.Equal("B01", unchanged.GetProperty("code").GetString());
        var bMembers = await bApi.GetFromJsonAsync<JsonElement[]>("/api/v1/members", Ct);
        Assert.Equal("Owner", Assert.Single(bMembers!).GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_key_cannot_be_used_after_it_is_revoked()
    {
        var a = await App.NewWorkspaceAsync();
        var key = await a.KeyFor(SellerHub.Workspaces.StaffRole.Manager);
        var keys = await a.Api().GetFromJsonAsync<JsonElement[]>("/api/v1/api-keys", Ct);
        var id = keys!.Single(k => k.GetProperty("name").GetString() == "Manager key").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await a.Api(key).GetAsync("/api/v1/warehouses", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await a.Api().DeleteAsync($"/api/v1/api-keys/{id}", Ct)).StatusCode);

        var refused = await a.Api(key).GetAsync("/api/v1/warehouses", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("revoked", await refused.Content.ReadAsStringAsync(Ct));
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
