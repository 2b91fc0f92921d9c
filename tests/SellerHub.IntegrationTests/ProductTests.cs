using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.Catalog;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>Warehouse products over the API: every field a product has survives an edit that does not mention it.</summary>
public abstract class ProductTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Image_size_and_active_flag_round_trip_and_an_edit_that_leaves_them_out_keeps_them()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var created = await api.PostAsJsonAsync("/api/v1/products", new
        {
            sku = "AO-THUN-M", name = "Áo thun M", weightGrams = 200, costPrice = 85000.5m, isActive = false,
            imageUrl = "https://cdn.shop.vn/ao-thun-m.jpg", size = new { lengthCm = 30, widthCm = 25.5m, heightCm = 2 },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();

        // An older client's edit: name and weight only.
        var edited = await api.PutAsJsonAsync($"/api/v1/products/{id}", new { sku = "AO-THUN-M", name = "Áo thun cotton M", weightGrams = 210, costPrice = 85000.5m }, Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var product = await api.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}", Ct);
        Assert.Equal("Áo thun cotton M", product.GetProperty("name").GetString());
        Assert.False(product.GetProperty("isActive").GetBoolean());
        Assert.Equal("https://cdn.shop.vn/ao-thun-m.jpg", product.GetProperty("imageUrl").GetString());
        Assert.Equal((30m, 25.5m, 2m), Sides(product));
        Assert.Equal(85000.5m, product.GetProperty("costPrice").GetDecimal());

        // What GET gave back, PUT as is, changes nothing; then each is changed and cleared explicitly.
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync($"/api/v1/products/{id}", JsonContent.Create(product), Ct)).StatusCode);
        Assert.Equal(product.ToString(), (await api.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}", Ct)).ToString());
        await api.PutAsJsonAsync($"/api/v1/products/{id}", new { sku = "AO-THUN-M", name = "Áo thun cotton M", isActive = true, imageUrl = "", size = new { lengthCm = 31 } }, Ct);
        product = await api.GetFromJsonAsync<JsonElement>($"/api/v1/products/{id}", Ct);
        Assert.True(product.GetProperty("isActive").GetBoolean());
        Assert.Equal(JsonValueKind.Null, product.GetProperty("imageUrl").ValueKind);
        Assert.Equal(31m, product.GetProperty("size").GetProperty("lengthCm").GetDecimal());
        Assert.Equal(JsonValueKind.Null, product.GetProperty("size").GetProperty("widthCm").ValueKind);
    }

    [Fact]
    public async Task A_bad_image_url_or_size_is_a_field_error()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        await WarehouseAndShopApiTests.AssertFieldError(
            await api.PostAsJsonAsync("/api/v1/products", new { sku = "A", name = "A", imageUrl = "javascript:alert(1)" }, Ct), "imageUrl", "http");
        await WarehouseAndShopApiTests.AssertFieldError(
            await api.PostAsJsonAsync("/api/v1/products", new { sku = "A", name = "A", size = new { lengthCm = -1 } }, Ct), "size", "1.000");
    }

    [Fact]
    public async Task One_search_finds_products_without_tone_marks_by_part_of_sku_or_name_or_a_whole_barcode()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        foreach (var (sku, name, barcode, active) in new[] { ("AT-TRANG-M", "Áo thun trắng M", "8930000000011", true), ("QJ-30", "Quần jean ống đứng", "8930000000028", true),
                     ("AT-DEN-M", "Áo thun đen M", "8930000000035", false), ("DEP-TO-ONG", "Dép tổ ong", "8930000000042", true) })
            (await api.PostAsJsonAsync("/api/v1/products", new { sku, name, barcodes = new[] { barcode }, isActive = active }, Ct)).EnsureSuccessStatusCode();

        async Task<string[]> Api(string q) => (await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/products?q={Uri.EscapeDataString(q)}", Ct))!
            .Select(p => p.GetProperty("sku").GetString()!).ToArray();
        Task<string[]> Picker(string q) => App.As(w.Id, StaffRole.Owner, async (db, _) =>
            (await FindProducts.Handle(db.Products, q, Ct)).Select(p => p.Sku).ToArray());

        Assert.Equal(["AT-DEN-M", "AT-TRANG-M"], await Api("ao thun"));
        Assert.Equal(["AT-TRANG-M"], await Picker("ao thun")); // the pickers offer active products only
        Assert.Equal(["AT-TRANG-M"], await Picker("ÁO THUN TRẮNG"));
        Assert.Equal(["DEP-TO-ONG"], await Picker("dep to ong"));
        Assert.Equal(["QJ-30"], await Picker("8930000000028"));
        Assert.Equal(["QJ-30"], await Api("8930000000028"));
        Assert.Equal(["QJ-30"], await Picker("qj-3"));
        Assert.Empty(await Picker("ao khoac"));
        Assert.Equal(3, (await Picker("")).Length);
    }

    internal static (decimal, decimal, decimal) Sides(JsonElement product)
    {
        var size = product.GetProperty("size");
        return (size.GetProperty("lengthCm").GetDecimal(), size.GetProperty("widthCm").GetDecimal(), size.GetProperty("heightCm").GetDecimal());
    }
}

public sealed class ProductTestsOnSqlite(SqliteApp app) : ProductTests(app), IClassFixture<SqliteApp>;

public sealed class ProductTestsOnPostgres(PostgresApp app) : ProductTests(app), IClassFixture<PostgresApp>;
