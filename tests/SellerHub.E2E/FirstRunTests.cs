using Microsoft.Playwright;
using SellerHub.IntegrationTests.Infrastructure;

namespace SellerHub.E2E;

/// <summary>
/// A seller's first ten minutes, in Debian's Chromium against a real Kestrel: set up the owner,
/// sign in (a wrong password first), create a warehouse, and find the change in the audit log.
/// </summary>
public abstract class FirstRunTests(Db kind) : BrowserTest(kind)
{

    [Fact]
    public async Task Setup_sign_in_create_a_warehouse_and_see_it_in_the_audit_log()
    {
        var page = await NewPageAsync(768, 15_000);

        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/setup$"));
        await page.GetByLabel("Tên cửa hàng").FillAsync("Shop Mẹ Bé An Nhiên");
        await page.GetByLabel("Số điện thoại cửa hàng").FillAsync("0912 345 678");
        await page.GetByLabel("Họ tên của bạn").FillAsync("Nguyễn Thị An");
        await page.GetByLabel("E-mail").FillAsync("an@annhien.vn");
        await page.GetByLabel("Mật khẩu").FillAsync("matkhau123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo cửa hàng" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tổng quan" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await page.GetByLabel("E-mail hoặc số điện thoại").FillAsync("an@annhien.vn");
        await page.GetByLabel("Mật khẩu").FillAsync("sai-mat-khau");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Sai e-mail/số điện thoại hoặc mật khẩu.");

        await page.GetByLabel("E-mail hoặc số điện thoại").FillAsync("an@annhien.vn");
        await page.GetByLabel("Mật khẩu").FillAsync("matkhau123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tổng quan" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Kho hàng" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm kho" }).ClickAsync();
        await page.Locator("#warehouse-code").FillAsync("HCM01");
        await page.Locator("#warehouse-name").FillAsync("Kho Sài Gòn");
        await page.Locator("#warehouse-phone").FillAsync("0987654321");
        await page.Locator("#warehouse-province").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Thành phố Hồ Chí Minh" }).ClickAsync();
        await page.Locator("#warehouse-ward").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Phường Sài Gòn", Exact = true }).ClickAsync();
        // The ward list closes asynchronously; type the street only once the choice has landed.
        await Assertions.Expect(page.Locator("#warehouse-ward")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToBeHiddenAsync();
        await page.Locator("#warehouse-address").FillAsync("12 Lê Lợi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "HCM01" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh")).ToBeVisibleAsync();

        // A product, stock received into the warehouse, and its stock ledger.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sản phẩm", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm sản phẩm" }).ClickAsync();
        await page.GetByLabel("SKU").First.FillAsync("AO-THUN-M");
        await page.GetByLabel("Tên sản phẩm").FillAsync("Áo thun cotton");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "AO-THUN-M" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Thẻ kho" }).ClickAsync();
        await page.GetByLabel("Nhập/xuất").FillAsync("12");
        await page.GetByLabel("Lý do").FillAsync("Nhập hàng đầu kỳ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Nhập hàng đầu kỳ" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("td b", new() { HasText = "12" })).ToBeVisibleAsync();

        // A carrier account, picked up at the new warehouse; its webhook URL is shown to paste into GHN.
        await page.GetByRole(AriaRole.Link, new() { Name = "Hãng vận chuyển" }).ClickAsync();
        await page.GetByLabel("Họ tên").FillAsync("GHN chính");
        await page.GetByLabel("API token").FillAsync("ghn-token-123");
        await page.GetByLabel("ShopId").FillAsync("885001");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "GHN chính" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("code", new() { HasText = "/webhooks/ghn/" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Nhật ký thay đổi" }).ClickAsync();
        var row = page.Locator("tr.audit-row", new() { HasText = "HCM01" });
        await Assertions.Expect(row).ToContainTextAsync("Kho");
        await Assertions.Expect(row).ToContainTextAsync("Tạo mới");
        await Assertions.Expect(row).ToContainTextAsync("Nguyễn Thị An");

        await ScreenshotAsync(page, "audit-log");

        // On a phone the menu folds away and the list still reads.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/warehouses");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "HCM01" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Nhật ký thay đổi" })).Not.ToBeInViewportAsync();
        await ScreenshotAsync(page, "warehouses-phone");
    }
}

public sealed class FirstRunTestsOnSqlite() : FirstRunTests(Db.Sqlite);

public sealed class FirstRunTestsOnPostgres() : FirstRunTests(Db.Postgres);
