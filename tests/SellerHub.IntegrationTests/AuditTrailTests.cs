using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.Audit;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

public abstract class AuditTrailTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_settings_change_is_recorded_with_who_what_and_before_after()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var id = (await (await w.CreateWarehouseAsync(api, "A1")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        await api.PutAsJsonAsync($"/api/v1/warehouses/{id}",
            new { code = "A1", name = "Kho Sài Gòn", phone = "0987654321", address = "12 Lê Lợi", provinceCode = "79", wardCode = "26740" }, Ct);

        var entries = (await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/audit?entityType=Warehouse", Ct))!
            .Where(e => e.GetProperty("entityId").GetString() == id).ToList();
        Assert.Equal(["Updated", "Created"], entries.Select(e => e.GetProperty("action").GetString()));
        var update = entries[0];
        Assert.Equal("API key «tests»", update.GetProperty("actorName").GetString());
        var change = Assert.Single(update.GetProperty("changes").EnumerateArray());
        Assert.Equal("Name", change.GetProperty("field").GetString());
        Assert.Equal("Kho A1", change.GetProperty("before").GetString());
        Assert.Equal("Kho Sài Gòn", change.GetProperty("after").GetString());

        // Setup itself is on the record: the workspace and its owner.
        var setup = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/audit?pageSize=200", Ct))!;
        Assert.Contains(setup, e => e.GetProperty("entityType").GetString() == "Workspace" && e.GetProperty("action").GetString() == "Created");
        Assert.Contains(setup, e => e.GetProperty("entityType").GetString() == "Member" && e.GetProperty("action").GetString() == "Created");
    }

    [Fact]
    public async Task Workspace_members_roles_keys_and_shops_are_on_the_trail_and_it_filters_by_person_entity_and_date()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var start = DateTime.UtcNow;
        var owner = await Browser.SignInAsync(App, w.OwnerEmail, TestApp.Password);

        // The owner (signed in) renames the workspace; the API key does the rest.
        Assert.True((await owner.PutAsJsonAsync("/api/v1/workspace", new { name = "Shop Mới", phone = "0987654321", timeZoneId = "Asia/Ho_Chi_Minh" }, Ct)).IsSuccessStatusCode);
        var invite = await api.PostAsJsonAsync("/api/v1/invitations", new { contact = "lan@shop.vn", role = "OrderStaff" }, Ct);
        var link = new Uri((await invite.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("link").GetString()!);
        await Browser.PostFormAsync(App.Client(), link.AbsolutePath, "accept-invite", new() { ["Input.DisplayName"] = "Lan", ["Input.Password"] = "donhang123" });
        var lan = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/members", Ct))!.Single(m => m.GetProperty("email").GetString() == "lan@shop.vn").GetProperty("id").GetString();
        Assert.True((await api.PatchAsJsonAsync($"/api/v1/members/{lan}", new { role = "WarehouseStaff" }, Ct)).IsSuccessStatusCode);
        Assert.True((await api.DeleteAsync($"/api/v1/members/{lan}", Ct)).IsSuccessStatusCode);
        var key = await (await api.PostAsJsonAsync("/api/v1/api-keys", new { name = "kế toán", role = "OrderStaff" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True((await api.DeleteAsync($"/api/v1/api-keys/{key.GetProperty("key").GetProperty("id").GetString()}", Ct)).IsSuccessStatusCode);
        var warehouse = (await (await w.CreateWarehouseAsync(api, "K1")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var shop = await (await api.PostAsJsonAsync("/api/v1/shops", new { channel = "Shopee", name = "S1", defaultWarehouseId = warehouse, isActive = true }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var shopId = shop.GetProperty("id").GetString();
        Assert.True((await api.PutAsJsonAsync($"/api/v1/shops/{shopId}", new { channel = "Shopee", name = "S1", defaultWarehouseId = warehouse, isActive = false }, Ct)).IsSuccessStatusCode);

        var trail = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/audit?pageSize=200", Ct))!;
        string? After(string entityType, string action, string field) => trail
            .Where(e => e.GetProperty("entityType").GetString() == entityType && e.GetProperty("action").GetString() == action)
            .SelectMany(e => e.GetProperty("changes").EnumerateArray())
            .FirstOrDefault(c => c.GetProperty("field").GetString() == field) is { ValueKind: JsonValueKind.Object } c ? c.GetProperty("after").ToString() : null;
        Assert.Equal("Shop Mới", After("Workspace", "Updated", "Name"));
        Assert.Equal("WarehouseStaff", After("Member", "Updated", "Role"));
        Assert.Contains(trail, e => e.GetProperty("entityType").GetString() == "Member" && e.GetProperty("entityId").GetString() == lan
            && e.GetProperty("action").GetString() is "Deleted" or "Updated" && e.ToString().Contains("IsActive"));
        Assert.NotNull(After("ApiKey", "Updated", "RevokedAt"));
        Assert.Equal("False", After("Shop", "Updated", "IsActive"), ignoreCase: true);

        // By person: only what the signed-in owner did; by entity; by date.
        var byOwner = (await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/audit?actorUserId={w.OwnerUserId}&from={start:O}", Ct))!;
        var mine = Assert.Single(byOwner);
        Assert.Equal("Workspace", mine.GetProperty("entityType").GetString());
        var shops = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/audit?entityType=Shop", Ct))!;
        Assert.Equal(["Updated", "Created"], shops.Select(e => e.GetProperty("action").GetString()));
        Assert.Empty((await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/audit?from={DateTime.UtcNow.AddMinutes(5):O}", Ct))!);
        Assert.Empty((await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/audit?to={start.AddMinutes(-5):O}", Ct))!);
    }

    [Fact]
    public async Task Secrets_never_reach_the_trail()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        await api.PostAsJsonAsync("/api/v1/shops", new { channel = "Shopee", name = "S1", credentials = "shopee-partner-key" }, Ct);
        await api.PostAsJsonAsync("/api/v1/api-keys", new { name = "kế toán", role = "OrderStaff" }, Ct);
        await api.PostAsJsonAsync("/api/v1/invitations", new { contact = "kho@shop.vn", role = "WarehouseStaff" }, Ct);

        var trail = await api.GetStringAsync("/api/v1/audit?pageSize=200", Ct);
        Assert.DoesNotContain("shopee-partner-key", trail);
        Assert.Contains(SettingsTrailInterceptor.Masked, trail);
        var entries = JsonSerializer.Deserialize<JsonElement[]>(trail)!;
        var keyChanges = entries.Single(e => e.GetProperty("entityType").GetString() == "ApiKey" && e.ToString().Contains("kế toán")).GetProperty("changes");
        Assert.Equal(SettingsTrailInterceptor.Masked,
            keyChanges.EnumerateArray().Single(c => c.GetProperty("field").GetString() == "SecretHash").GetProperty("after").GetString());
        var invitation = entries.Single(e => e.GetProperty("entityType").GetString() == "Invitation").GetProperty("changes");
        Assert.Equal(SettingsTrailInterceptor.Masked,
            invitation.EnumerateArray().Single(c => c.GetProperty("field").GetString() == "TokenHash").GetProperty("after").GetString());
    }

    [Fact]
    public async Task A_change_that_is_not_saved_leaves_no_trail()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        await w.CreateWarehouseAsync(api, "DUP");
        var before = await Count(w.Id);

        // Straight to the unit of work, past the use case's check: the unique index refuses it.
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            db.Warehouses.Add(new SellerHub.Inventory.Warehouse { Code = "DUP", Name = "x", Phone = "+84987654321", Address = "x", ProvinceCode = "79", WardCode = "26740" });
            return await db.SaveChangesAsync(Ct);
        }));
        Assert.NotNull(refused);
        Assert.Equal(before, await Count(w.Id));
    }

    [Fact]
    public async Task Each_change_is_announced_through_the_outbox_once()
    {
        var w = await App.NewWorkspaceAsync();
        await w.CreateWarehouseAsync(w.Api(), "N1");

        var pending = await Eventually.Get(
            () => App.As(w.Id, StaffRole.Owner, (db, _) => db.AuditEntries.CountAsync(a => a.NotifiedAt == null, Ct)),
            n => n == 0, "every audit entry of the workspace to be notified");
        Assert.Equal(0, pending);

        // The outbox's own metrics are exported next to HTTP's.
        var metrics = await App.Client().GetStringAsync("/metrics", Ct);
        Assert.Contains("message_type=\"SellerHub.Audit.SettingsChanged\"", metrics);
    }

    private Task<int> Count(Guid workspaceId) =>
        App.As(workspaceId, StaffRole.Owner, (db, _) => db.AuditEntries.CountAsync(Ct));
}

public sealed class AuditTrailTestsOnSqlite(SqliteApp app) : AuditTrailTests(app), IClassFixture<SqliteApp>;

public sealed class AuditTrailTestsOnPostgres(PostgresApp app) : AuditTrailTests(app), IClassFixture<PostgresApp>;
