using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Workspaces;

namespace SellerHub.E2E;

/// <summary>Staff link a shop's listings in Chromium: a search typed without tone marks, a product made from a listing, a listing's push log; and edit a product without losing what the form does not show.</summary>
public abstract class CatalogPageTests(Db kind) : BrowserTest(kind)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Staff_link_listings_through_a_search_make_a_product_from_one_and_read_its_push_log()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var (warehouse, _) = await w.StockedProductAsync(api, "AT-TRANG-M", "Áo thun trắng M", 10);
        await w.AddProductAsync(api, warehouse, "KEM-DUONG", "Kem dưỡng ẩm", 4);
        await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Shopee, Name = "Shopee Thời trang", MarketplaceShopId = "200001", DefaultWarehouseId = warehouse, IsActive = true };
            db.Shops.Add(shop);
            Listing Make(string item, string? sku, string name) => new()
            {
                ShopId = shop.Id, ChannelItemId = item, ChannelModelId = "0", SellerSku = sku, Name = name, ChannelStatus = "NORMAL", IsActive = true, LinkState = LinkState.Unlinked,
            };
            var kem = Make("603", "KEM-DUONG", "Kem dưỡng ẩm 50ml");
            kem.LastPushAt = DateTime.UtcNow;
            kem.LastPushedQuantity = 4;
            db.Listings.AddRange(Make("601", "ATM", "Áo thun trắng size M"), Make("602", null, "Áo thun trắng - M"), kem, Make("604", "SON-01", "Son môi đỏ"));
            db.StockPushLogs.AddRange(
                new StockPushLog { ListingId = kem.Id, Quantity = 4, Succeeded = false, Error = "error_item_not_found", At = DateTime.UtcNow.AddMinutes(-1) },
                new StockPushLog { ListingId = kem.Id, Quantity = 4, Succeeded = true, At = DateTime.UtcNow });
            return await db.SaveChangesAsync(Ct);
        });
        var page = await NewPageAsync(900, 15_000);
        await SignInAsync(page, w.OwnerEmail, TestApp.Password);
        await page.GotoAsync("/listings");

        // Two listings linked at once to a product found without tone marks.
        await page.Locator("tr[data-listing='601-0'] input[type=checkbox]").CheckAsync();
        await page.Locator("tr[data-listing='602-0'] input[type=checkbox]").CheckAsync();
        var search = page.GetByLabel("Liên kết với");
        await search.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(2);
        await search.FillAsync("ao thun trang");
        await Assertions.Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = "AT-TRANG-M · Áo thun trắng M" }).ClickAsync();
        await Assertions.Expect(search).ToHaveValueAsync("AT-TRANG-M · Áo thun trắng M");
        await page.GetByRole(AriaRole.Button, new() { Name = "Liên kết", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã liên kết 2 sản phẩm trên sàn.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-listing='602-0']")).ToContainTextAsync("AT-TRANG-M");

        // A product made from a listing; one whose SKU the warehouse has is refused.
        await page.Locator("tr[data-listing='604-0']").GetByRole(AriaRole.Button, new() { Name = "Tạo sản phẩm kho" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã tạo sản phẩm kho SON-01 và liên kết.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-listing='604-0']")).ToContainTextAsync("SON-01");
        await page.Locator("tr[data-listing='603-0']").GetByRole(AriaRole.Button, new() { Name = "Tạo sản phẩm kho" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Kho đã có sản phẩm SKU KEM-DUONG: hãy liên kết với sản phẩm đó.")).ToBeVisibleAsync();

        // The push log of one listing.
        await page.Locator("tr[data-listing='603-0']").GetByRole(AriaRole.Button, new() { Name = "Nhật ký đẩy tồn" }).ClickAsync();
        var log = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(log).ToContainTextAsync("Kem dưỡng ẩm 50ml");
        await Assertions.Expect(log).ToContainTextAsync("error_item_not_found");
        await Assertions.Expect(log).ToContainTextAsync("Sàn đã nhận");
        await ScreenshotAsync(page, "listings-push-log");
    }

    [Fact]
    public async Task Editing_a_product_keeps_its_image_and_size_and_can_stop_it()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        (await api.PostAsJsonAsync("/api/v1/products", new
        {
            sku = "MU-BH", name = "Mũ bảo hiểm", imageUrl = "https://cdn.shop.vn/mu.jpg", size = new { lengthCm = 28, widthCm = 22.5m, heightCm = 18 },
        }, Ct)).EnsureSuccessStatusCode();
        var page = await NewPageAsync(900, 15_000);
        await SignInAsync(page, w.OwnerEmail, TestApp.Password);
        await page.GotoAsync("/products");

        await page.Locator("tr").Filter(new() { HasText = "MU-BH" }).GetByRole(AriaRole.Button, new() { Name = "Sửa" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Ảnh (đường dẫn)")).ToHaveValueAsync("https://cdn.shop.vn/mu.jpg");
        await page.GetByLabel("Tên sản phẩm").FillAsync("Mũ bảo hiểm nửa đầu");
        await page.GetByLabel("Đang kinh doanh").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr").Filter(new() { HasText = "MU-BH" })).ToContainTextAsync("Ngừng kinh doanh");

        var product = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Products.SingleAsync(Ct));
        Assert.Equal(("Mũ bảo hiểm nửa đầu", false, "https://cdn.shop.vn/mu.jpg", 22.5m), (product.Name, product.IsActive, product.ImageUrl, product.WidthCm));
    }
}

public sealed class CatalogPageTestsOnSqlite() : CatalogPageTests(Db.Sqlite);

public sealed class CatalogPageTestsOnPostgres() : CatalogPageTests(Db.Postgres);
