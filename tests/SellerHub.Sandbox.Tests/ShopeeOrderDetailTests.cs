namespace SellerHub.Sandbox.Tests;

/// <summary>get_order_detail returns optional fields only when asked for, and at most 50 orders a call.</summary>
public sealed class ShopeeOrderDetailTests(Sandbox sandbox) : IClassFixture<Sandbox>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> Detail(string token, string orderSnList, string? fields = null) =>
        await sandbox.Json(await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/order/get_order_detail", token, Sandbox.ShopeeShop,
            $"&order_sn_list={orderSnList}" + (fields is null ? "" : $"&response_optional_fields={fields}")), Ct));

    private async Task<List<string>> OrderSns(string token)
    {
        var list = await sandbox.Json(await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/order/get_order_list", token, Sandbox.ShopeeShop,
            $"&time_range_field=create_time&time_from={Sandbox.Now - 86400}&time_to={Sandbox.Now + 60}&page_size=100"), Ct));
        return list.GetProperty("response").GetProperty("order_list").EnumerateArray().Select(o => o.GetProperty("order_sn").GetString()!).ToList();
    }

    [Fact]
    public async Task Optional_fields_come_only_when_named()
    {
        var token = await sandbox.ShopeeToken();
        var orderSn = (await OrderSns(token))[0];

        var bare = Assert.Single((await Detail(token, orderSn)).GetProperty("response").GetProperty("order_list").EnumerateArray());
        Assert.Equal(orderSn, bare.GetProperty("order_sn").GetString());
        foreach (var field in new[] { "order_status", "cod", "currency", "create_time", "update_time", "ship_by_date" })
            Assert.True(bare.TryGetProperty(field, out _), field);
        foreach (var field in new[] { "buyer_username", "recipient_address", "item_list", "package_list", "total_amount", "payment_method", "estimated_shipping_fee", "pay_time", "cancel_by" })
            Assert.False(bare.TryGetProperty(field, out _), field);

        var some = Assert.Single((await Detail(token, orderSn, "item_list,total_amount")).GetProperty("response").GetProperty("order_list").EnumerateArray());
        Assert.NotEmpty(some.GetProperty("item_list").EnumerateArray());
        Assert.True(some.GetProperty("total_amount").GetDecimal() > 0);
        Assert.False(some.TryGetProperty("recipient_address", out _));
        Assert.False(some.TryGetProperty("buyer_username", out _));
    }

    [Fact]
    public async Task More_than_50_orders_in_one_call_are_refused()
    {
        var token = await sandbox.ShopeeToken();
        await sandbox.Http.PostAsync("/sandbox/admin/shops/Shopee/200001/orders?count=45", null, Ct);
        var sns = await OrderSns(token);
        Assert.True(sns.Count > 50);

        var refused = await Detail(token, string.Join(',', sns.Take(51)));
        Assert.Equal("error_param", refused.GetProperty("error").GetString());
        Assert.False(refused.TryGetProperty("response", out _));

        var fifty = await Detail(token, string.Join(',', sns.Take(50)));
        Assert.Equal("", fifty.GetProperty("error").GetString());
        Assert.Equal(50, fifty.GetProperty("response").GetProperty("order_list").GetArrayLength());
    }
}
