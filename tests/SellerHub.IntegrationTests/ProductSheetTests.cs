using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using SellerHub.Catalog;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>Products, barcodes, combos and opening stock through .xlsx, with a per-row error report.</summary>
public abstract class ProductSheetTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> Upload(HttpClient api, IEnumerable<Dictionary<string, object?>> rows, bool allOrNothing)
    {
        using var sheet = new MemoryStream();
        await MiniExcel.SaveAsAsync(sheet, rows.ToList(), cancellationToken: Ct);
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(sheet.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(file, "file", "san-pham.xlsx");
        return await api.PostAsync($"/api/v1/products/import?allOrNothing={allOrNothing.ToString().ToLowerInvariant()}", content, Ct);
    }

    private static Dictionary<string, object?> Row(string sku, string? name, string? barcodes = null, string? combo = null, string? warehouse = null, object? opening = null) => new()
    {
        [ProductSheet.Sku] = sku, [ProductSheet.Name] = name, [ProductSheet.Variant] = null, [ProductSheet.Barcodes] = barcodes,
        [ProductSheet.Weight] = 200, [ProductSheet.Cost] = 50000, [ProductSheet.Buffer] = 0, [ProductSheet.Combo] = combo,
        [ProductSheet.Warehouse] = warehouse, [ProductSheet.Opening] = opening,
    };

    [Fact]
    public async Task A_sheet_imports_products_combos_and_opening_stock_and_exports_them_back()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        await w.CreateWarehouseAsync(api, "HN1");
        var response = await Upload(api, [
            Row("AO-DO-M", "Áo đỏ M", "8930000000011", warehouse: "HN1", opening: 20),
            Row("AO-XANH-M", "Áo xanh M", "8930000000012, 8930000000013", warehouse: "HN1", opening: 5),
            Row("COMBO-2-AO", "Combo 2 áo", combo: "AO-DO-M×1; AO-XANH-M×1"),
        ], allOrNothing: true);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("applied").GetInt32());

        var products = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/products", Ct))!;
        Assert.Equal(3, products.Length);
        Assert.True(products.Single(p => p.GetProperty("sku").GetString() == "COMBO-2-AO").GetProperty("isCombo").GetBoolean());
        var stock = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/stock", Ct))!;
        Assert.Equal(20, stock.Single(s => s.GetProperty("sku").GetString() == "AO-DO-M").GetProperty("onHand").GetInt32());

        var export = await api.GetAsync("/api/v1/products/export", Ct);
        var rows = (await MiniExcel.QueryAsync(await export.Content.ReadAsStreamAsync(Ct), useHeaderRow: true, cancellationToken: Ct)).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => r[ProductSheet.Sku]?.ToString() == "COMBO-2-AO" && r[ProductSheet.Combo]!.ToString()!.Contains("AO-DO-M×1"));
        Assert.Contains(rows, r => r[ProductSheet.Sku]?.ToString() == "AO-XANH-M" && Convert.ToInt32(r[ProductSheet.Opening]) == 5);
    }

    [Fact]
    public async Task Bad_rows_are_reported_by_row_and_column_and_all_or_nothing_applies_none()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        await w.CreateWarehouseAsync(api, "HN1");
        List<Dictionary<string, object?>> sheet = [
            Row("OK-1", "Được", warehouse: "HN1", opening: 3),
            Row("SAI-KHO", "Kho sai", warehouse: "KHONGCO", opening: 1),
            Row("SAI-SO", "Số âm", warehouse: "HN1", opening: -4),
            Row("", "Thiếu SKU"),
            Row("COMBO-X", "Combo lạ", combo: "KHONG-TON-TAI×2"),
        ];

        var none = await Upload(api, sheet, allOrNothing: true);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        var problem = await none.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains($"row 3: {ProductSheet.Warehouse}", errors);
        Assert.Contains($"row 4: {ProductSheet.Opening}", errors);
        Assert.Contains($"row 5: {ProductSheet.Sku}", errors);
        Assert.Contains($"row 6: {ProductSheet.Combo}", errors);
        Assert.Empty((await api.GetFromJsonAsync<JsonElement[]>("/api/v1/products", Ct))!);

        var some = await Upload(api, sheet, allOrNothing: false);
        var report = await some.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, report.GetProperty("applied").GetInt32());
        Assert.Equal(4, report.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()).Distinct().Count());
        Assert.Equal("OK-1", Assert.Single((await api.GetFromJsonAsync<JsonElement[]>("/api/v1/products", Ct))!).GetProperty("sku").GetString());
    }

    [Fact]
    public async Task Image_size_and_active_flag_travel_through_the_sheet_and_a_column_left_out_changes_nothing()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var created = await api.PostAsJsonAsync("/api/v1/products", new
        {
            sku = "MU-BH", name = "Mũ bảo hiểm", weightGrams = 450, costPrice = 120000, isActive = false,
            imageUrl = "https://cdn.shop.vn/mu.jpg", size = new { lengthCm = 28, widthCm = 22.5m, heightCm = 18 },
        }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var before = await api.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}", Ct);

        var export = await api.GetAsync("/api/v1/products/export", Ct);
        var exported = (await MiniExcel.QueryAsync(await export.Content.ReadAsStreamAsync(Ct), useHeaderRow: true, cancellationToken: Ct))
            .Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r)).ToList();
        var row = Assert.Single(exported);
        Assert.Equal("https://cdn.shop.vn/mu.jpg", row[ProductSheet.Image]);
        Assert.Equal(22.5m, Convert.ToDecimal(row[ProductSheet.Width]));
        Assert.Equal(ProductSheet.No, row[ProductSheet.Active]);

        // The sheet as exported changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await Upload(api, exported, allOrNothing: true)).StatusCode);
        Assert.Equal(before.ToString(), (await api.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}", Ct)).ToString());

        // A sheet of only SKU and weight changes only the weight.
        Assert.Equal(HttpStatusCode.OK, (await Upload(api, [new() { [ProductSheet.Sku] = "MU-BH", [ProductSheet.Weight] = 500 }], allOrNothing: true)).StatusCode);
        var product = await api.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}", Ct);
        Assert.Equal(500, product.GetProperty("weightGrams").GetInt32());
        Assert.False(product.GetProperty("isActive").GetBoolean());
        Assert.Equal("https://cdn.shop.vn/mu.jpg", product.GetProperty("imageUrl").GetString());
        Assert.Equal((28m, 22.5m, 18m), ProductTests.Sides(product));
        Assert.Equal(120000m, product.GetProperty("costPrice").GetDecimal());
        Assert.Equal("Mũ bảo hiểm", product.GetProperty("name").GetString());

        // Columns that are there are applied: an empty image cell removes the image.
        Assert.Equal(HttpStatusCode.OK, (await Upload(api, [new()
        {
            [ProductSheet.Sku] = "MU-BH", [ProductSheet.Active] = "có", [ProductSheet.Image] = null, [ProductSheet.Length] = 30.5m,
        }], allOrNothing: true)).StatusCode);
        product = await api.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}", Ct);
        Assert.True(product.GetProperty("isActive").GetBoolean());
        Assert.Equal(JsonValueKind.Null, product.GetProperty("imageUrl").ValueKind);
        Assert.Equal((30.5m, 22.5m, 18m), ProductTests.Sides(product));
        Assert.Equal(500, product.GetProperty("weightGrams").GetInt32());
    }

    [Fact]
    public async Task Cost_takes_decimal_amounts()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var row = Row("KEO-DAN", "Keo dán");
        row[ProductSheet.Cost] = 12500.75m;
        var text = Row("BANG-KEO", "Băng keo");
        text[ProductSheet.Cost] = "8500.5";
        Assert.Equal(HttpStatusCode.OK, (await Upload(api, [row, text], allOrNothing: true)).StatusCode);
        var products = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/products", Ct))!;
        Assert.Equal(12500.75m, products.Single(p => p.GetProperty("sku").GetString() == "KEO-DAN").GetProperty("costPrice").GetDecimal());
        Assert.Equal(8500.5m, products.Single(p => p.GetProperty("sku").GetString() == "BANG-KEO").GetProperty("costPrice").GetDecimal());

        var export = await api.GetAsync("/api/v1/products/export", Ct);
        var exported = (await MiniExcel.QueryAsync(await export.Content.ReadAsStreamAsync(Ct), useHeaderRow: true, cancellationToken: Ct)).Cast<IDictionary<string, object?>>();
        Assert.Equal(12500.75m, Convert.ToDecimal(exported.Single(r => r[ProductSheet.Sku]?.ToString() == "KEO-DAN")[ProductSheet.Cost]));
    }

    [Fact]
    public async Task A_barcode_of_another_product_or_of_another_row_is_reported_on_its_row()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        (await api.PostAsJsonAsync("/api/v1/products", new { sku = "CO-SAN", name = "Có sẵn", barcodes = new[] { "8930000000099" } }, Ct)).EnsureSuccessStatusCode();
        var response = await Upload(api, [
            Row("MOI-1", "Mới 1", "8930000000011"),
            Row("MOI-2", "Mới 2", "8930000000011"),
            Row("MOI-3", "Mới 3", "8930000000099"),
            Row("MOI-4", "Mới 4", "8930000000044"),
        ], allOrNothing: false);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, report.GetProperty("applied").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([(3, ProductSheet.Barcodes), (4, ProductSheet.Barcodes)], errors);
        Assert.Contains("8930000000099", report.GetProperty("errors")[1].GetProperty("message").GetString());
        Assert.Equal(["CO-SAN", "MOI-1", "MOI-4"], (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/products", Ct))!.Select(p => p.GetProperty("sku").GetString()).Order().ToArray());
    }

    [Fact]
    public async Task Opening_stock_below_what_orders_hold_is_a_row_error_and_all_or_nothing_then_writes_nothing()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = Guid.Parse((await (await w.CreateWarehouseAsync(api, "HN1")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!);
        var held = await w.AddProductAsync(api, warehouse, "DANG-GIU", "Đang giữ", 10);
        await App.As(w.Id, StaffRole.Owner, (db, _) => StockEngine.ReserveAsync(db, "order-1/line-1", [new StockEngine.Need(held, warehouse, 3)], Ct));
        List<Dictionary<string, object?>> sheet = [
            Row("MOI-1", "Mới 1", warehouse: "HN1", opening: 5),
            Row("DANG-GIU", "Đổi tên", warehouse: "HN1", opening: 1), // 3 are held by an order
            Row("MOI-2", "Mới 2", warehouse: "HN1", opening: 2),
        ];

        var none = await Upload(api, sheet, allOrNothing: true);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        var problem = await none.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal([$"row 3: {ProductSheet.Opening}"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray());
        Assert.Equal(["DANG-GIU"], await Skus(api));
        Assert.Equal("Đang giữ", (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/products", Ct))!.Single().GetProperty("name").GetString());
        Assert.Equal([("DANG-GIU", 10, 3)], await Stock(api));

        var some = await Upload(api, sheet, allOrNothing: false);
        Assert.Equal(HttpStatusCode.OK, some.StatusCode);
        var report = await some.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, report.GetProperty("applied").GetInt32());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal((3, ProductSheet.Opening), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        // The failing row is undone whole (its new name too); the rows around it are applied.
        Assert.Equal("Đang giữ", (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/products?q=DANG-GIU", Ct))!.Single().GetProperty("name").GetString());
        Assert.Equal([("DANG-GIU", 10, 3), ("MOI-1", 5, 0), ("MOI-2", 2, 0)], await Stock(api));
        Assert.Empty((await api.GetFromJsonAsync<JsonElement[]>("/api/v1/stock/reconcile", Ct))!); // the ledger agrees: nothing of the undone rows is left
    }

    private static async Task<string[]> Skus(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/products", Ct))!.Select(p => p.GetProperty("sku").GetString()!).Order().ToArray();

    private static async Task<(string, int, int)[]> Stock(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/stock", Ct))!
            .Select(s => (s.GetProperty("sku").GetString()!, s.GetProperty("onHand").GetInt32(), s.GetProperty("reserved").GetInt32())).OrderBy(s => s.Item1).ToArray();

    [Fact]
    public async Task A_file_that_is_not_a_sheet_is_refused()
    {
        var w = await App.NewWorkspaceAsync();
        var content = new MultipartFormDataContent { { new ByteArrayContent("not a spreadsheet"u8.ToArray()), "file", "x.xlsx" } };
        var response = await w.Api().PostAsync("/api/v1/products/import", content, Ct);
        await WarehouseAndShopApiTests.AssertFieldError(response, "file", ".xlsx");
    }
}

public sealed class ProductSheetTestsOnSqlite(SqliteApp app) : ProductSheetTests(app), IClassFixture<SqliteApp>;

public sealed class ProductSheetTestsOnPostgres(PostgresApp app) : ProductSheetTests(app), IClassFixture<PostgresApp>;
