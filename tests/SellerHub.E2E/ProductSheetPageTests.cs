using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MiniExcelLibs;
using SellerHub.Catalog;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Workspaces;

namespace SellerHub.E2E;

/// <summary>The products page in Chromium: Xuất Excel downloads the sheet, Nhập Excel reports bad rows by row and column and honours all-or-nothing.</summary>
public abstract class ProductSheetPageTests(Db kind) : BrowserTest(kind)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Warehouse_staff_download_the_products_as_a_sheet_but_cannot_import_one()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        await w.StockedProductAsync(api, "AO-DO-M", "Áo đỏ M", 7);
        var staffEmail = $"kho-{Guid.NewGuid():N}@shop.vn";
        var invitation = await App.As(w.Id, StaffRole.Owner, (db, _) => InviteMember.Handle(new(staffEmail, StaffRole.WarehouseStaff), db, Ct), w.OwnerUserId);
        await App.As(null, null, (db, sp) => AcceptInvitation.Handle(new(invitation.Token, "Thủ kho", null, TestApp.Password), db, sp.GetRequiredService<UserManager<StaffUser>>(), Ct));
        var page = await NewPageAsync(900);
        await SignInAsync(page, staffEmail, TestApp.Password);
        await page.GotoAsync("/products");
        await Assertions.Expect(page.Locator("tr").Filter(new() { HasText = "AO-DO-M" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Nhập Excel")).ToHaveCountAsync(0);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Xuất Excel" }).ClickAsync());
        Assert.Equal("san-pham.xlsx", download.SuggestedFilename);
        await using var file = File.OpenRead(await download.PathAsync());
        var rows = (await MiniExcel.QueryAsync(file, useHeaderRow: true, cancellationToken: Ct)).Cast<IDictionary<string, object?>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal(("AO-DO-M", "Áo đỏ M", "HCM", 7), (row[ProductSheet.Sku]?.ToString(), row[ProductSheet.Name]?.ToString(), row[ProductSheet.Warehouse]?.ToString(), Convert.ToInt32(row[ProductSheet.Opening])));
    }

    [Fact]
    public async Task A_sheet_with_one_bad_row_is_reported_by_row_and_column_and_all_or_nothing_applies_none()
    {
        var w = await App.NewWorkspaceAsync();
        await w.CreateWarehouseAsync(w.Api(), "HN1");
        using var sheet = new MemoryStream();
        await MiniExcel.SaveAsAsync(sheet, new List<Dictionary<string, object?>>
        {
            new() { [ProductSheet.Sku] = "AO-DO-M", [ProductSheet.Name] = "Áo đỏ M", [ProductSheet.Barcodes] = "8930000000011", [ProductSheet.Warehouse] = "HN1", [ProductSheet.Opening] = 20 },
            new() { [ProductSheet.Sku] = "SAI-KHO", [ProductSheet.Name] = "Kho sai", [ProductSheet.Barcodes] = null, [ProductSheet.Warehouse] = "KHONGCO", [ProductSheet.Opening] = 1 },
            new() { [ProductSheet.Sku] = "AO-XANH-M", [ProductSheet.Name] = "Áo xanh M", [ProductSheet.Barcodes] = null, [ProductSheet.Warehouse] = "HN1", [ProductSheet.Opening] = 5 },
        }, cancellationToken: Ct);
        var page = await NewPageAsync(900);
        await SignInAsync(page, w.OwnerEmail, TestApp.Password);
        await page.GotoAsync("/products");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhập Excel" }).ClickAsync();
        var panel = page.Locator("[data-panel=product-sheet-import]");
        // Through the file picker as a person does (MudFileUpload keeps more than one file input).
        async Task ChooseAsync(FilePayload file) =>
            await (await page.RunAndWaitForFileChooserAsync(() => panel.GetByRole(AriaRole.Button, new() { Name = "Chọn tệp .xlsx" }).ClickAsync())).SetFilesAsync(file);
        var import = panel.GetByRole(AriaRole.Button, new() { Name = "Nhập", Exact = true });

        // Another kind of file is refused before anything is read.
        await ChooseAsync(new FilePayload { Name = "san-pham.csv", MimeType = "text/csv", Buffer = "SKU\nAO-DO-M"u8.ToArray() });
        await Assertions.Expect(panel).ToContainTextAsync("Chỉ nhận tệp Excel .xlsx; san-pham.csv không phải tệp .xlsx.");
        await Assertions.Expect(import).ToBeDisabledAsync();

        // All or nothing: the bad row is named, and nothing is applied.
        await ChooseAsync(new FilePayload { Name = "san-pham.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = sheet.ToArray() });
        await panel.GetByLabel("Tất cả hoặc không gì").CheckAsync();
        await import.ClickAsync();
        await Assertions.Expect(panel.Locator("[data-result=applied]")).ToContainTextAsync("Đã áp dụng 0/3 dòng. Không dòng nào được áp dụng vì có dòng lỗi.");
        var bad = panel.Locator("tr[data-sheet-row='3']");
        await Assertions.Expect(bad).ToContainTextAsync(ProductSheet.Warehouse);
        await Assertions.Expect(bad).ToContainTextAsync("Không tìm thấy kho.");
        await Assertions.Expect(panel.Locator("tr[data-sheet-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByText("Chưa có sản phẩm nào.")).ToBeVisibleAsync();
        Assert.Equal(0, await App.As(w.Id, StaffRole.Owner, (db, _) => db.Products.CountAsync(Ct)));

        // The same sheet again, row by row: the good rows are applied, the bad one still reported.
        await panel.GetByLabel("Tất cả hoặc không gì").UncheckAsync();
        await import.ClickAsync();
        await Assertions.Expect(panel.Locator("[data-result=applied]")).ToContainTextAsync("Đã áp dụng 2/3 dòng.");
        await Assertions.Expect(bad).ToContainTextAsync("Không tìm thấy kho.");
        await Assertions.Expect(page.Locator("tr").Filter(new() { HasText = "AO-DO-M" })).ToContainTextAsync("8930000000011");
        await Assertions.Expect(page.Locator("tr").Filter(new() { HasText = "AO-XANH-M" })).ToBeVisibleAsync();
        await Assertions.Expect(import).ToBeEnabledAsync();
        await ScreenshotAsync(page, "product-sheet-import");
        var stock = await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockBalances.Join(db.Products, b => b.ProductId, p => p.Id, (b, p) => new { p.Sku, b.OnHand })
            .OrderBy(x => x.Sku).Select(x => x.Sku + "=" + x.OnHand).ToListAsync(Ct));
        Assert.Equal(["AO-DO-M=20", "AO-XANH-M=5"], stock);
    }
}

public sealed class ProductSheetPageTestsOnSqlite() : ProductSheetPageTests(Db.Sqlite);

public sealed class ProductSheetPageTestsOnPostgres() : ProductSheetPageTests(Db.Postgres);
