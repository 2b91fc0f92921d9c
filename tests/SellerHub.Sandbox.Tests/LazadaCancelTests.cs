namespace SellerHub.Sandbox.Tests;

/// <summary>Lazada's seller cancel: validate names the reasons (or says no), create needs the items and one of those reasons.</summary>
public sealed class LazadaCancelTests(Sandbox sandbox) : IClassFixture<Sandbox>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Validate_offers_reasons_only_for_a_cancellable_order_and_create_holds_to_them()
    {
        var token = await sandbox.LazadaToken();
        var given = await sandbox.Json(await sandbox.Http.PostAsJsonAsync("/sandbox/admin/shops/Lazada/300001/orders/given",
            new { Lines = new[] { new { Sku = "KCN-50", Quantity = 2 } } }, Ct));
        var orderId = given.GetProperty("order_id").GetString()!;
        var items = (await sandbox.Json(await sandbox.Lazada("/order/items/get", new() { ["order_id"] = orderId }, token))).GetProperty("data");
        var itemIds = "[" + string.Join(',', items.EnumerateArray().Select(i => i.GetProperty("order_item_id").GetInt64())) + "]";

        var noItems = await sandbox.Json(await sandbox.Lazada("/order/reverse/cancel/validate", new() { ["order_id"] = orderId }, token));
        Assert.Equal("MissingParameter", noItems.GetProperty("code").GetString());

        var valid = (await sandbox.Json(await sandbox.Lazada("/order/reverse/cancel/validate", new() { ["order_id"] = orderId, ["order_item_id_list"] = itemIds }, token))).GetProperty("data");
        Assert.Equal("success", valid.GetProperty("tip_type").GetString());
        var reasons = valid.GetProperty("reason_options").EnumerateArray().ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("reason_name").GetString())));
        var outOfStock = reasons.Single(r => r.GetProperty("reason_name").GetString() == "Out of stock").GetProperty("reason_id").GetString()!;

        Assert.Equal("MissingParameter", (await sandbox.Json(await sandbox.Lazada("/order/reverse/cancel/create",
            new() { ["order_id"] = orderId, ["reason_id"] = outOfStock }, token))).GetProperty("code").GetString());
        Assert.Equal("InvalidParameter", (await sandbox.Json(await sandbox.Lazada("/order/reverse/cancel/create",
            new() { ["order_id"] = orderId, ["order_item_id_list"] = itemIds, ["reason_id"] = "999" }, token))).GetProperty("code").GetString());
        Assert.Equal("InvalidParameter", (await sandbox.Json(await sandbox.Lazada("/order/reverse/cancel/create",
            new() { ["order_id"] = orderId, ["order_item_id_list"] = "[1]", ["reason_id"] = outOfStock }, token))).GetProperty("code").GetString());

        var created = await sandbox.Json(await sandbox.Lazada("/order/reverse/cancel/create", new() { ["order_id"] = orderId, ["order_item_id_list"] = itemIds, ["reason_id"] = outOfStock }, token));
        Assert.Equal("success", created.GetProperty("data").GetProperty("tip_type").GetString());
        var order = (await sandbox.Json(await sandbox.Lazada("/order/get", new() { ["order_id"] = orderId }, token))).GetProperty("data");
        Assert.Equal("canceled", order.GetProperty("statuses")[0].GetString());
        // Out of stock sets the SKU's stock to 0 at Lazada.
        var shops = await sandbox.Json(await sandbox.Http.GetAsync("/sandbox/admin/shops", Ct));
        var model = shops.EnumerateArray().First(s => s.GetProperty("vendor").GetString() == "Lazada").GetProperty("items").EnumerateArray()
            .SelectMany(i => i.GetProperty("models").EnumerateArray()).Single(m => m.GetProperty("sku").GetString() == "KCN-50");
        Assert.Equal(0, model.GetProperty("stock").GetInt32());

        var again = (await sandbox.Json(await sandbox.Lazada("/order/reverse/cancel/validate", new() { ["order_id"] = orderId, ["order_item_id_list"] = itemIds }, token))).GetProperty("data");
        Assert.NotEqual("success", again.GetProperty("tip_type").GetString());
        Assert.Empty(again.GetProperty("reason_options").EnumerateArray());
        Assert.Equal("CANCEL_NOT_ALLOWED", (await sandbox.Json(await sandbox.Lazada("/order/reverse/cancel/create",
            new() { ["order_id"] = orderId, ["order_item_id_list"] = itemIds, ["reason_id"] = outOfStock }, token))).GetProperty("code").GetString());
    }
}
