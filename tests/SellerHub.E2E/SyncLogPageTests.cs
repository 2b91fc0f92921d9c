using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SellerHub.IntegrationTests.Infrastructure;

namespace SellerHub.E2E;

/// <summary>A seller connects a Shopee shop (the sandbox's), checks the connection, and finds that call to Shopee in the sync log.</summary>
public abstract class SyncLogPageTests(Db kind) : BrowserTest(kind)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sync_log_lists_the_call_made_to_Shopee_for_the_shop_with_its_endpoint_and_outcome()
    {
        var (sandbox, address) = await SellerHub.Sandbox.SandboxServer.StartAsync();
        try
        {
            var w = await App.NewWorkspaceAsync();
            var api = w.Api();
            var warehouse = (await (await w.CreateWarehouseAsync(api, "HCM")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
            (await api.PutAsJsonAsync("/api/v1/channel-apps/Shopee", new { appKey = "2001887", secret = "shpk-sandbox-partner-key-0001", baseUrl = new Uri(address, "/shopee").ToString() }, Ct)).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync("/api/v1/shops", new { channel = "Shopee", name = "Shopee Mỹ phẩm", defaultWarehouseId = warehouse, isActive = true }, Ct)).EnsureSuccessStatusCode();

            var page = await NewPageAsync(768, 15_000);
            await SignInAsync(page, w.OwnerEmail, TestApp.Password);
            await page.GotoAsync("/shops");
            var shop = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Shopee Mỹ phẩm" });
            await shop.GetByRole(AriaRole.Link, new() { Name = "Kết nối Shopee" }).ClickAsync(); // through Shopee's (sandbox) consent and back
            await Assertions.Expect(shop).ToContainTextAsync("Đã kết nối");
            await shop.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra kết nối" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Kết nối tốt")).ToBeVisibleAsync();

            // The journal stores calls in batches off the caller's path: reload until the check's call is in.
            var call = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "/api/v2/order/get_order_list" });
            await page.GotoAsync("/sync-log");
            await Eventually.Get(async () =>
            {
                await page.ReloadAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nhật ký đồng bộ" })).ToBeVisibleAsync();
                return await call.CountAsync();
            }, n => n > 0, "the connection check's call in the sync log");
            await Assertions.Expect(call.First).ToContainTextAsync("Shopee Mỹ phẩm");
            await Assertions.Expect(call.First).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"GET \S*/api/v2/order/get_order_list"));
            await Assertions.Expect(call.First.Locator(".mud-chip")).ToHaveTextAsync("200");
            await ScreenshotAsync(page, "sync-log");
        }
        finally
        {
            await sandbox.StopAsync(Ct);
            await sandbox.DisposeAsync();
        }
    }
}

public sealed class SyncLogPageTestsOnSqlite() : SyncLogPageTests(Db.Sqlite);

public sealed class SyncLogPageTestsOnPostgres() : SyncLogPageTests(Db.Postgres);
