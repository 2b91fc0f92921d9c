namespace SellerHub.Sandbox.Tests;

/// <summary>TikTok's Get Warehouse List, and Update Inventory taking stock only in a warehouse of the SKU.</summary>
public sealed class TikTokWarehouseTests(Sandbox sandbox) : IClassFixture<Sandbox>
{
    [Fact]
    public async Task Stock_is_taken_only_in_the_shops_sales_warehouse()
    {
        var (token, cipher) = await sandbox.TikTokToken();
        var warehouses = (await sandbox.Json(await sandbox.TikTok(HttpMethod.Get, "/logistics/202309/warehouses", token, new() { ["shop_cipher"] = cipher })))
            .GetProperty("data").GetProperty("warehouses").EnumerateArray().ToList();
        var sales = Assert.Single(warehouses, w => w.GetProperty("type").GetString() == "SALES_WAREHOUSE");
        Assert.True(sales.GetProperty("is_default").GetBoolean());
        Assert.Equal("ENABLED", sales.GetProperty("effect_status").GetString());
        var salesId = sales.GetProperty("id").GetString()!;
        var returnsId = Assert.Single(warehouses, w => w.GetProperty("type").GetString() == "RETURN_WAREHOUSE").GetProperty("id").GetString()!;

        var product = (await sandbox.Json(await sandbox.TikTok(HttpMethod.Post, "/product/202309/products/search", token,
            new() { ["page_size"] = "1", ["shop_cipher"] = cipher }, new { status = "ACTIVATE" }))).GetProperty("data").GetProperty("products")[0];
        var sku = product.GetProperty("skus")[0];
        var skuId = sku.GetProperty("id").GetString()!;
        Assert.Equal(salesId, sku.GetProperty("inventory")[0].GetProperty("warehouse_id").GetString());

        async Task<JsonElement> Set(object inventory) => (await sandbox.Json(await sandbox.TikTok(HttpMethod.Post,
            $"/product/202309/products/{product.GetProperty("id").GetString()}/inventory/update", token, new() { ["shop_cipher"] = cipher },
            new { skus = new[] { new { id = skuId, inventory = new[] { inventory } } } }))).GetProperty("data");

        Assert.False((await Set(new { warehouse_id = salesId, quantity = 4 })).TryGetProperty("errors", out _));
        Assert.False((await Set(new { quantity = 3 })).TryGetProperty("errors", out _)); // one warehouse: it may be left out
        foreach (var (wrong, code) in new[] { ("", 12052097), (returnsId, 12052532), ("7399999999999999", 12052097) })
        {
            var error = (await Set(new { warehouse_id = wrong, quantity = 9 })).GetProperty("errors")[0];
            Assert.Equal(12052990, error.GetProperty("code").GetInt32());
            Assert.Equal(skuId, error.GetProperty("detail").GetProperty("sku_id").GetString());
            var extra = error.GetProperty("detail").GetProperty("extra_errors")[0];
            Assert.Equal((wrong, code), (extra.GetProperty("warehouse_id").GetString()!, extra.GetProperty("code").GetInt32()));
        }
        var stock = (await sandbox.Json(await sandbox.Http.GetAsync("/sandbox/recorded/stock", TestContext.Current.CancellationToken))).EnumerateArray().Single(s => s.GetProperty("model_id").GetString() == skuId);
        Assert.Equal(3, stock.GetProperty("stock").GetInt32());
    }
}
