using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

public abstract class MembersTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_invited_person_joins_once_through_the_link_with_the_given_role()
    {
        var w = await App.NewWorkspaceAsync();
        var invite = await w.Api().PostAsJsonAsync("/api/v1/invitations", new { contact = "0912 000 111", role = "WarehouseStaff" }, Ct);
        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        var link = new Uri((await invite.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("link").GetString()!);

        var visitor = App.Client();
        var joined = await Browser.PostFormAsync(visitor, link.AbsolutePath, "accept-invite", new()
        {
            ["Input.DisplayName"] = "Chị Lan Kho",
            ["Input.Email"] = "lan@shop.vn",
            ["Input.Password"] = "khohang123",
        });
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);

        var members = (await w.Api().GetFromJsonAsync<JsonElement[]>("/api/v1/members", Ct))!;
        var lan = members.Single(m => m.GetProperty("displayName").GetString() == "Chị Lan Kho");
        Assert.Equal("WarehouseStaff", lan.GetProperty("role").GetString());
        Assert.Equal("+84912000111", lan.GetProperty("phone").GetString());

        // The link is spent; the phone number now signs in.
        var again = await App.Client().GetStringAsync(link.AbsolutePath, Ct);
        Assert.Contains(Resources.Messages.InvitationInvalid, again);
        var signedIn = await Browser.SignInAsync(App, "0912000111", "khohang123");
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/v1/warehouses", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await signedIn.GetAsync("/api/v1/members", Ct)).StatusCode);
    }

    [Fact]
    public async Task Inviting_an_existing_member_is_refused()
    {
        var w = await App.NewWorkspaceAsync();
        var response = await w.Api().PostAsJsonAsync("/api/v1/invitations", new { contact = w.OwnerEmail.ToUpperInvariant(), role = "Manager" }, Ct);
        await WarehouseAndShopApiTests.AssertFieldError(response, "contact", "đã là thành viên");

        var bad = await w.Api().PostAsJsonAsync("/api/v1/invitations", new { contact = "not a contact", role = "Manager" }, Ct);
        await WarehouseAndShopApiTests.AssertFieldError(bad, "contact", "e-mail");
    }

    [Fact]
    public async Task A_manager_can_neither_appoint_nor_remove_an_owner()
    {
        var w = await App.NewWorkspaceAsync();
        var manager = w.Api(await w.KeyFor(StaffRole.Manager));
        var owner = (await w.Api().GetFromJsonAsync<JsonElement[]>("/api/v1/members", Ct))!.Single();
        var ownerId = owner.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync("/api/v1/invitations", new { contact = "sep@shop.vn", role = "Owner" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.DeleteAsync($"/api/v1/members/{ownerId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PatchAsJsonAsync($"/api/v1/members/{ownerId}", new { role = "OrderStaff" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync("/api/v1/invitations", new { contact = "don@shop.vn", role = "OrderStaff" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_last_owner_cannot_step_down()
    {
        var w = await App.NewWorkspaceAsync();
        var ownerId = (await w.Api().GetFromJsonAsync<JsonElement[]>("/api/v1/members", Ct))!.Single().GetProperty("id").GetString();
        var response = await w.Api().PatchAsJsonAsync($"/api/v1/members/{ownerId}", new { role = "Manager" }, Ct);
        await WarehouseAndShopApiTests.AssertFieldError(response, "role", "ít nhất một chủ shop");
        Assert.Equal("Owner", (await w.Api().GetFromJsonAsync<JsonElement>($"/api/v1/members/{ownerId}", Ct)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_removed_member_loses_access_at_once()
    {
        var w = await App.NewWorkspaceAsync();
        var invite = await w.Api().PostAsJsonAsync("/api/v1/invitations", new { contact = "tam@shop.vn", role = "OrderStaff" }, Ct);
        var link = new Uri((await invite.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("link").GetString()!);
        await Browser.PostFormAsync(App.Client(), link.AbsolutePath, "accept-invite", new() { ["Input.DisplayName"] = "Tâm", ["Input.Password"] = "donhang123" });
        var tam = await Browser.SignInAsync(App, "tam@shop.vn", "donhang123");
        Assert.Equal(HttpStatusCode.OK, (await tam.GetAsync("/api/v1/shops", Ct)).StatusCode);

        var memberId = (await w.Api().GetFromJsonAsync<JsonElement[]>("/api/v1/members", Ct))!
            .Single(m => m.GetProperty("email").GetString() == "tam@shop.vn").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await w.Api().DeleteAsync($"/api/v1/members/{memberId}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await tam.GetAsync("/api/v1/shops", Ct)).StatusCode);
        var retry = await Browser.PostFormAsync(App.Client(), "/login", "login", new() { ["Input.Login"] = "tam@shop.vn", ["Input.Password"] = "donhang123" });
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Contains("không còn thuộc cửa hàng", await retry.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_chosen_language_follows_the_person_to_another_browser()
    {
        var w = await App.NewWorkspaceAsync();
        var missing = $"/api/v1/shops/{Guid.NewGuid()}";
        var first = await Browser.SignInAsync(App, w.OwnerEmail, TestApp.Password);
        Assert.Contains("Không tìm thấy gian hàng", await (await first.GetAsync(missing, Ct)).Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.Redirect, (await first.GetAsync("/culture/en-US?back=/orders", Ct)).StatusCode);
        Assert.Contains("Shop not found", await (await first.GetAsync(missing, Ct)).Content.ReadAsStringAsync(Ct));

        // A fresh browser has no language cookie: signing in restores the person's choice.
        var second = await Browser.SignInAsync(App, w.OwnerEmail, TestApp.Password);
        Assert.Contains("Shop not found", await (await second.GetAsync(missing, Ct)).Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await second.GetAsync("/culture/fr-FR", Ct)).StatusCode);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account()
    {
        var w = await App.NewWorkspaceAsync();
        for (var i = 0; i < 4; i++)
        {
            var wrong = await Browser.PostFormAsync(App.Client(), "/login", "login", new() { ["Input.Login"] = w.OwnerEmail, ["Input.Password"] = "sai-mat-khau1" });
            Assert.Contains("Sai e-mail/số điện thoại hoặc mật khẩu", await wrong.Content.ReadAsStringAsync(Ct));
        }
        var fifth = await Browser.PostFormAsync(App.Client(), "/login", "login", new() { ["Input.Login"] = w.OwnerEmail, ["Input.Password"] = "sai-mat-khau1" });
        Assert.Contains("tạm khoá", await fifth.Content.ReadAsStringAsync(Ct));

        // Even the right password is refused while the lock lasts.
        var locked = await Browser.PostFormAsync(App.Client(), "/login", "login", new() { ["Input.Login"] = w.OwnerEmail, ["Input.Password"] = TestApp.Password });
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("tạm khoá", await locked.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class MembersTestsOnSqlite(SqliteApp app) : MembersTests(app), IClassFixture<SqliteApp>;

public sealed class MembersTestsOnPostgres(PostgresApp app) : MembersTests(app), IClassFixture<PostgresApp>;
