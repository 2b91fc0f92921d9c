using Microsoft.Playwright;
using SellerHub.Integrations.Ghn;
using SellerHub.IntegrationTests.Infrastructure;

namespace SellerHub.E2E;

/// <summary>Staff add a GHN account on the carriers page and ask it what a parcel to Hà Nội costs, against the sandbox's GHN.</summary>
public abstract class CarrierQuoteTests(Db kind) : BrowserTest(kind)
{
    [Fact]
    public async Task A_GHN_account_quotes_a_500_g_parcel_to_a_Ha_Noi_ward_and_shows_GHNs_refusal_for_an_unknown_ShopId()
    {
        var (sandbox, address) = await SellerHub.Sandbox.SandboxServer.StartAsync();
        try
        {
            App.Services.GetRequiredService<GhnOptions>().BaseUrl = new Uri(address, "/ghn/shiip/public-api").ToString();
            var w = await App.NewWorkspaceAsync();
            (await w.CreateWarehouseAsync(w.Api(), "HCM")).EnsureSuccessStatusCode();
            var page = await NewPageAsync(768, 15_000);
            await SignInAsync(page, w.OwnerEmail, TestApp.Password);

            await page.GotoAsync("/carriers"); // the menu link is the first-run test's; here the page is what matters
            await page.GetByLabel("Họ tên").FillAsync("GHN chính");
            await page.GetByLabel("API token").FillAsync("ghn-sandbox-token-0001");
            await page.GetByLabel("ShopId").FillAsync("885001");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "GHN chính" });
            await Assertions.Expect(row).ToBeVisibleAsync();

            await row.GetByRole(AriaRole.Button, new() { Name = "Báo giá" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Báo giá · GHN chính");
            await page.Locator("#quote-province").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Thành phố Hà Nội" }).ClickAsync();
            await page.Locator("#quote-ward").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Phường Hoàn Kiếm", Exact = true }).ClickAsync();
            // The ward list closes asynchronously; type on only once the choice has landed.
            await Assertions.Expect(page.Locator("#quote-ward")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
            await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToBeHiddenAsync();
            await page.Locator("#quote-street").FillAsync("1 Tràng Tiền");
            await page.Locator("#quote-weight").FillAsync("500");
            await page.Locator("#quote-cod").FillAsync("200000");
            await page.Locator("#quote-declared").FillAsync("200000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Tính phí" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("quote-fee")).ToHaveTextAsync("Phí vận chuyển: 22.000 ₫");

            await ScreenshotAsync(page, "carrier-quote");

            // An account GHN does not know by that ShopId: GHN's own reason, not a failed page.
            await page.GetByRole(AriaRole.Button, new() { Name = "Đóng" }).ClickAsync();
            await page.GetByLabel("Họ tên").FillAsync("GHN kho phụ");
            await page.GetByLabel("API token").FillAsync("ghn-sandbox-token-0001");
            await page.GetByLabel("ShopId").FillAsync("999999");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
            var wrongShop = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "GHN kho phụ" });
            await wrongShop.GetByRole(AriaRole.Button, new() { Name = "Báo giá" }).ClickAsync();
            await Assertions.Expect(page.Locator("#quote-weight")).ToHaveValueAsync("500"); // the parcel is still filled in
            await page.GetByRole(AriaRole.Button, new() { Name = "Tính phí" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("quote-error")).ToContainTextAsync("không báo giá được: ShopId không hợp lệ");
            await Assertions.Expect(page.GetByTestId("quote-fee")).ToHaveCountAsync(0);
        }
        finally
        {
            await sandbox.StopAsync(TestContext.Current.CancellationToken);
            await sandbox.DisposeAsync();
        }
    }
}

public sealed class CarrierQuoteTestsOnSqlite() : CarrierQuoteTests(Db.Sqlite);

public sealed class CarrierQuoteTestsOnPostgres() : CarrierQuoteTests(Db.Postgres);
