using Microsoft.EntityFrameworkCore;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Orders;
using SellerHub.Workspaces;

namespace SellerHub.E2E;

/// <summary>Staff work the order tabs in Chromium: counts, a warning, bulk approval that refuses the ineligible order, a cancellation.</summary>
public abstract class OrdersPageTests(Db kind) : BrowserTest(kind)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A Shopee shop with one linked listing (in stock) and two imported orders: one fine, one for a listing nobody linked.</summary>
    private async Task<TestWorkspace> ShopWithTwoOrders()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var (warehouse, product) = await w.StockedProductAsync(api, "KCN-50", "Kem chống nắng", 20);
        await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Shopee, Name = "Shopee Mỹ phẩm", MarketplaceShopId = "200001", DefaultWarehouseId = warehouse, IsActive = true };
            db.Shops.Add(shop);
            db.Listings.Add(new Listing
            {
                ShopId = shop.Id, ChannelItemId = "501", ChannelModelId = "0", SellerSku = "KCN-50", Name = "Kem chống nắng", ChannelStatus = "NORMAL",
                IsActive = true, LinkState = LinkState.Linked, Links = [new ListingLink { ProductId = product, Quantity = 1 }],
            });
            await db.SaveChangesAsync(Ct);
            var now = DateTime.UtcNow;
            ChannelOrder Order(string id, string itemId, string sku) => new(id, "READY_TO_SHIP", "Trần Thị Bình",
                new ChannelRecipient("Trần Thị Bình", "0987654321", "12 Lê Lợi, Phường Sài Gòn, TP Hồ Chí Minh", "Hồ Chí Minh", null, "Sài Gòn", "12 Lê Lợi"),
                [new ChannelOrderLine("1", itemId, null, sku, "Kem chống nắng", 2, 180000, 150000)], 0, 0, 300000, 300000, "COD", null,
                now, now, now.AddDays(2), false, null, null, null, "{}");
            return await ImportOrders.Handle(shop, [Order("2611260001AAA", "501", "KCN-50"), Order("2611260002BBB", "777", "SRM-150")], db, Ct);
        });
        return w;
    }

    [Fact]
    public async Task Staff_approve_what_is_eligible_see_why_the_rest_is_not_and_cancel_with_a_reason()
    {
        var w = await ShopWithTwoOrders();
        var page = await NewPageAsync(768, 15_000);
        await SignInAsync(page, w.OwnerEmail, TestApp.Password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Đơn hàng" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Chờ xác nhận (2)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Sản phẩm chưa liên kết (1)")).ToBeVisibleAsync();
        var unlinked = page.Locator("tr[data-order='2611260002BBB']");
        await Assertions.Expect(unlinked).ToContainTextAsync("Chưa liên kết: SRM-150");

        await page.Locator("tr[data-order='2611260001AAA'] input[type=checkbox]").CheckAsync();
        await unlinked.Locator("input[type=checkbox]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Duyệt đơn" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã duyệt 1 đơn; 1 đơn chưa duyệt được.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Đã duyệt (1)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-order='2611260001AAA']")).ToContainTextAsync("Đã duyệt");

        await unlinked.Locator("input[type=checkbox]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Huỷ đơn" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Hãy nhập lý do huỷ đơn.").First).ToBeVisibleAsync();
        await page.GetByLabel("Lý do huỷ").FillAsync("Hết mẫu, khách đồng ý huỷ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Huỷ đơn" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Đã hủy (1)" })).ToBeVisibleAsync();
        await Assertions.Expect(unlinked).ToContainTextAsync("Đã hủy");

        await ScreenshotAsync(page, "orders");
    }

    [Fact]
    public async Task Staff_take_an_order_by_phone_with_a_product_search_and_a_ward_picker()
    {
        var w = await ShopWithTwoOrders();
        var warehouse = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Warehouses.Select(x => x.Id).SingleAsync(Ct));
        await w.AddProductAsync(w.Api(), warehouse, "SRM-150", "Sữa rửa mặt", 5);
        var page = await NewPageAsync(900, 15_000);
        await SignInAsync(page, w.OwnerEmail, TestApp.Password);

        await page.GotoAsync("/orders");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tạo đơn" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo đơn" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Vui lòng nhập thông tin này.").First).ToBeVisibleAsync(); // nothing filled: refused field by field

        await page.Locator("#recipient-name").FillAsync("Mai Anh Thư");
        await page.Locator("#recipient-phone").FillAsync("0905 123 456");
        await page.Locator("#recipient-province").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Thành phố Hồ Chí Minh" }).ClickAsync();
        await page.Locator("#recipient-ward").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Phường Sài Gòn", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToBeHiddenAsync();
        await page.Locator("#recipient-street").FillAsync("88 Đồng Khởi");
        await PickAsync(page, page.GetByLabel("Tìm SKU, tên, mã vạch"), "KCN", "KCN-50 · Kem chống nắng");
        await page.GetByLabel("Số lượng").FillAsync("3");
        await page.GetByLabel("Đơn giá").FillAsync("150000");
        await page.GetByLabel("Đơn giá").PressAsync("Tab");
        await Assertions.Expect(page.GetByText("450.000 ₫")).ToBeVisibleAsync(); // every field has reached the server
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo đơn" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/orders/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByText("88 Đồng Khởi, Phường Sài Gòn, Thành phố Hồ Chí Minh")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Chờ xác nhận", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Thu hộ (COD) 450.000 ₫")).ToBeVisibleAsync();
        var held = await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockBalances.SumAsync(b => b.Reserved, Ct));
        Assert.Equal(2 + 3, held); // the imported eligible order's 2 and this one's 3
    }
}

public sealed class OrdersPageTestsOnSqlite() : OrdersPageTests(Db.Sqlite);

public sealed class OrdersPageTestsOnPostgres() : OrdersPageTests(Db.Postgres);
