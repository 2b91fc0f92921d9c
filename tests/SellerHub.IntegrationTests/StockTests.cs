using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.Inventory;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>The stock engine under contention: never oversold, books always balanced.</summary>
public abstract class StockTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TestWorkspace W, Guid Product, Guid Warehouse)> ProductWithStock(int units, string sku = "AO-THUN-M")
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = Guid.Parse((await (await w.CreateWarehouseAsync(api, "HCM")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!);
        var created = await api.PostAsJsonAsync("/api/v1/products", new { sku, name = "Áo thun cotton", barcodes = new[] { "893" + Random.Shared.Next(1_000_000, 9_999_999) }, weightGrams = 250, costPrice = 60000 }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var product = Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!);
        var receipt = await api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = product, warehouseId = warehouse, delta = units, reason = "Nhập hàng" }, Ct);
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        return (w, product, warehouse);
    }

    private Task<T> As<T>(TestWorkspace w, Func<SellerHub.Persistence.SellerHubDb, Task<T>> work) =>
        App.As(w.Id, StaffRole.Owner, (db, _) => work(db), w.OwnerUserId);

    [Fact]
    public async Task Fifty_parallel_orders_for_ten_units_reserve_exactly_ten()
    {
        var (w, product, warehouse) = await ProductWithStock(10);
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => As(w, db =>
            StockEngine.ReserveAsync(db, $"order/{i}/line/1", [new StockEngine.Need(product, warehouse, 1)], Ct))));

        Assert.Equal(10, results.Sum(r => r.Single().Quantity));
        Assert.Equal(40, results.Count(r => r.Single().Shortage == 1));
        var balance = await As(w, db => db.StockBalances.SingleAsync(b => b.ProductId == product, Ct));
        Assert.Equal((10, 10), (balance.OnHand, balance.Reserved));
        Assert.Empty(await As(w, db => ReconcileStock.Handle(db, Ct)));
        Assert.Equal(10, await As(w, db => db.StockMovements.Where(m => m.ProductId == product).SumAsync(m => m.ReservedDelta, Ct)));
    }

    [Fact]
    public async Task Parallel_orders_of_three_take_what_exists_and_report_the_shortage()
    {
        var (w, product, warehouse) = await ProductWithStock(10);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => As(w, db =>
            StockEngine.ReserveAsync(db, $"order/{i}/line/1", [new StockEngine.Need(product, warehouse, 3)], Ct))));

        Assert.Equal(10, results.Sum(r => r.Single().Quantity));
        Assert.Equal(60 - 10, results.Sum(r => r.Single().Shortage));
        Assert.Empty(await As(w, db => ReconcileStock.Handle(db, Ct)));
    }

    [Fact]
    public async Task Reserving_and_releasing_twice_changes_nothing_the_second_time()
    {
        var (w, product, warehouse) = await ProductWithStock(5);
        var need = new[] { new StockEngine.Need(product, warehouse, 2) };
        await As(w, db => StockEngine.ReserveAsync(db, "order/A/line/1", need, Ct));
        var again = await As(w, db => StockEngine.ReserveAsync(db, "order/A/line/1", need, Ct));
        Assert.Equal(2, again.Single().Quantity);
        Assert.Equal(2, (await As(w, db => db.StockBalances.SingleAsync(b => b.ProductId == product, Ct))).Reserved);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => As(w, async db => { await StockEngine.ReleaseAsync(db, ["order/A/line/1"], "Khách huỷ", Ct); return 0; })));
        var balance = await As(w, db => db.StockBalances.SingleAsync(b => b.ProductId == product, Ct));
        Assert.Equal((5, 0), (balance.OnHand, balance.Reserved));
        Assert.Empty(await As(w, db => ReconcileStock.Handle(db, Ct)));
    }

    [Fact]
    public async Task On_hand_never_drops_below_what_orders_hold()
    {
        var (w, product, warehouse) = await ProductWithStock(5);
        await As(w, db => StockEngine.ReserveAsync(db, "order/B/line/1", [new StockEngine.Need(product, warehouse, 4)], Ct));
        var api = w.Api();

        var tooMuch = await api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = product, warehouseId = warehouse, delta = -2, reason = "Hỏng" }, Ct);
        await WarehouseAndShopApiTests.AssertFieldError(tooMuch, "quantity", "dưới số đang giữ");
        var counted = await api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = product, warehouseId = warehouse, counted = 7, reason = "Kiểm kho" }, Ct);
        var body = await counted.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((2, 7, 3), (body.GetProperty("change").GetInt32(), body.GetProperty("onHand").GetInt32(), body.GetProperty("available").GetInt32()));
        var stock = await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/stock?productId={product}", Ct);
        Assert.Equal(4, Assert.Single(stock!).GetProperty("reserved").GetInt32());
        Assert.Empty(await As(w, db => ReconcileStock.Handle(db, Ct)));
    }

    [Fact]
    public async Task Stock_shows_buffer_and_supplementary_stock_until_its_end_date()
    {
        var (w, product, _) = await ProductWithStock(10);
        var api = w.Api();
        async Task<JsonElement> Row() => Assert.Single((await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/stock?productId={product}", Ct))!);

        Assert.True((await api.PutAsJsonAsync($"/api/v1/products/{product}", new { sku = "AO-THUN-M", name = "Áo thun cotton", bufferStock = 2, supplementaryStock = 5, supplementaryUntil = DateTime.UtcNow.AddDays(1) }, Ct)).IsSuccessStatusCode);
        var running = await Row();
        Assert.Equal((10, 2, 5), (running.GetProperty("available").GetInt32(), running.GetProperty("bufferStock").GetInt32(), running.GetProperty("supplementaryStock").GetInt32()));

        Assert.True((await api.PutAsJsonAsync($"/api/v1/products/{product}", new { sku = "AO-THUN-M", name = "Áo thun cotton", bufferStock = 2, supplementaryStock = 5, supplementaryUntil = DateTime.UtcNow.AddMinutes(-1) }, Ct)).IsSuccessStatusCode);
        Assert.Equal(0, (await Row()).GetProperty("supplementaryStock").GetInt32()); // ended: no longer advertised
    }

    [Fact]
    public async Task Skus_and_barcodes_are_unique_per_workspace_and_case_insensitive()
    {
        var (w, _, _) = await ProductWithStock(1, "ao-den-l");
        var api = w.Api();
        await WarehouseAndShopApiTests.AssertFieldError(await api.PostAsJsonAsync("/api/v1/products", new { sku = "  AO-DEN-L ", name = "x" }, Ct), "sku", "AO-DEN-L");
        var other = await App.NewWorkspaceAsync();
        Assert.Equal(HttpStatusCode.Created, (await other.Api().PostAsJsonAsync("/api/v1/products", new { sku = "ao-den-l", name = "Áo đen" }, Ct)).StatusCode);

        var combo = await api.PostAsJsonAsync("/api/v1/products", new
        {
            sku = "COMBO-3", name = "Combo 3 áo",
            components = new[] { new { productId = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/products", Ct))![0].GetProperty("id").GetString(), quantity = 3 } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, combo.StatusCode);

        var found = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/products?q=ao%20thun", Ct))!;
        Assert.Equal("ao-den-l", Assert.Single(found).GetProperty("sku").GetString());
        Assert.True((await combo.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("isCombo").GetBoolean());
    }
}

public abstract class StockCountTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_count_is_recorded_by_scan_reviewed_and_posted_once()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = (await (await w.CreateWarehouseAsync(api, "K1")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var product = (await (await api.PostAsJsonAsync("/api/v1/products", new { sku = "QUAN-JEAN-28", name = "Quần jean 28", barcodes = new[] { "8931234567890" } }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        await api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = product, warehouseId = warehouse, delta = 10, reason = "Nhập" }, Ct);

        var count = (await (await api.PostAsJsonAsync("/api/v1/stock-counts", new { warehouseId = warehouse }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var review = await (await api.PutAsJsonAsync($"/api/v1/stock-counts/{count}/lines", new { code = "8931234567890", counted = 8 }, Ct)).Content.ReadFromJsonAsync<JsonElement[]>(Ct);
        Assert.Equal(-2, Assert.Single(review!).GetProperty("change").GetInt32());
        await WarehouseAndShopApiTests.AssertFieldError(await api.PutAsJsonAsync($"/api/v1/stock-counts/{count}/lines", new { code = "KHONG-CO", counted = 1 }, Ct), "code", "Không tìm thấy");

        var posted = await (await api.PostAsync($"/api/v1/stock-counts/{count}/post", null, Ct)).Content.ReadFromJsonAsync<JsonElement[]>(Ct);
        Assert.Equal((10, 8, -2), (posted![0].GetProperty("onHand").GetInt32(), posted[0].GetProperty("counted").GetInt32(), posted[0].GetProperty("change").GetInt32()));
        var stock = (await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/stock?productId={product}", Ct))!;
        Assert.Equal(8, Assert.Single(stock).GetProperty("onHand").GetInt32());
        var again = await api.PostAsync($"/api/v1/stock-counts/{count}/post", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // a state change refused: the count is as it was
        Assert.Contains("đã được chốt", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("status")[0].GetString());
        Assert.Equal(8, Assert.Single((await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/stock?productId={product}", Ct))!).GetProperty("onHand").GetInt32());
    }
}

public sealed class StockCountTestsOnSqlite(SqliteApp app) : StockCountTests(app), IClassFixture<SqliteApp>;

public sealed class StockCountTestsOnPostgres(PostgresApp app) : StockCountTests(app), IClassFixture<PostgresApp>;

public sealed class StockTestsOnSqlite(SqliteApp app) : StockTests(app), IClassFixture<SqliteApp>;

public sealed class StockTestsOnPostgres(PostgresApp app) : StockTests(app), IClassFixture<PostgresApp>;
