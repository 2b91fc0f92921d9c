namespace SellerHub.Sandbox.Tests;

/// <summary>Arranged orders move on with sandbox time: picked up, delivered or failed and returned; a refused pickup shows as the vendor shows it.</summary>
public sealed class MarketplaceClockTests(Sandbox sandbox) : IClassFixture<Sandbox>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task Advance(double minutes) => sandbox.Http.PostAsJsonAsync("/sandbox/admin/clock/advance", new { Minutes = minutes }, Ct);

    private async Task<string> Given(string vendor, long shop) =>
        (await sandbox.Json(await sandbox.Http.PostAsJsonAsync($"/sandbox/admin/shops/{vendor}/{shop}/orders/given",
            new { Lines = new[] { new { Sku = "SRM-150", Quantity = 1 } } }, Ct))).GetProperty("order_id").GetString()!;

    private async Task<Dictionary<string, (string Status, string? Logistics)>> ShopeeStatuses(params string[] orderSns)
    {
        var token = await sandbox.ShopeeToken(); // a fresh one: sandbox time moves past the 4-hour token
        var detail = await sandbox.Json(await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/order/get_order_detail", token, Sandbox.ShopeeShop,
            $"&order_sn_list={string.Join(',', orderSns)}&response_optional_fields=package_list"), Ct));
        return detail.GetProperty("response").GetProperty("order_list").EnumerateArray().ToDictionary(o => o.GetProperty("order_sn").GetString()!,
            o => (o.GetProperty("order_status").GetString()!, o.GetProperty("package_list").EnumerateArray().Select(p => p.GetProperty("logistics_status").GetString()).FirstOrDefault()));
    }

    private async Task ShopeePost(string path, object body)
    {
        var answer = await sandbox.Json(await sandbox.Http.PostAsJsonAsync(sandbox.ShopeeUrl(path, await sandbox.ShopeeToken(), Sandbox.ShopeeShop), body, Ct));
        Assert.Equal("", answer.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Shopee_orders_are_picked_up_then_delivered_or_returned_and_a_refused_pickup_is_retry_ship()
    {
        var (delivered, failed, refused) = (await Given("Shopee", Sandbox.ShopeeShop), await Given("Shopee", Sandbox.ShopeeShop), await Given("Shopee", Sandbox.ShopeeShop));
        foreach (var sn in new[] { delivered, failed, refused })
            await ShopeePost("/api/v2/logistics/ship_order", new { order_sn = sn, pickup = new { address_id = 9001, pickup_time_id = "slot" } });
        await sandbox.Http.PostAsync($"/sandbox/admin/orders/{failed}/fail-delivery", null, Ct);
        await sandbox.Http.PostAsync($"/sandbox/admin/orders/{refused}/refuse-pickup", null, Ct);

        await Advance(20);
        Assert.All((await ShopeeStatuses(delivered, failed, refused)).Values, s => Assert.Equal("PROCESSED", s.Status));

        await Advance(11);
        var picked = await ShopeeStatuses(delivered, failed, refused);
        Assert.Equal(("SHIPPED", "LOGISTICS_PICKUP_DONE"), picked[delivered]);
        Assert.Equal(("SHIPPED", "LOGISTICS_PICKUP_DONE"), picked[failed]);
        Assert.Equal(("RETRY_SHIP", "LOGISTICS_PICKUP_FAILED"), picked[refused]);

        await ShopeePost("/api/v2/logistics/update_shipping_order", new { order_sn = refused, pickup = new { address_id = 9001, pickup_time_id = "slot2" } });
        Assert.Equal("PROCESSED", (await ShopeeStatuses(refused))[refused].Status);

        await Advance(24 * 60 + 1);
        var later = await ShopeeStatuses(delivered, failed, refused);
        Assert.Equal(("TO_CONFIRM_RECEIVE", "LOGISTICS_DELIVERY_DONE"), later[delivered]);
        Assert.Equal(("TO_RETURN", "LOGISTICS_DELIVERY_FAILED"), later[failed]);
        Assert.Equal("SHIPPED", later[refused].Status); // the carrier came for the new slot

        await Advance(3 * 24 * 60 + 1);
        Assert.Equal("COMPLETED", (await ShopeeStatuses(delivered))[delivered].Status);
    }

    [Fact]
    public async Task A_Lazada_order_is_picked_up_only_once_ready_to_ship()
    {
        var orderId = await Given("Lazada", 300001);
        var token = await sandbox.LazadaToken();
        var items = (await sandbox.Json(await sandbox.Lazada("/order/items/get", new() { ["order_id"] = orderId }, token))).GetProperty("data");
        var pack = await sandbox.Json(await sandbox.Lazada("/order/fulfill/pack", new()
        {
            ["packReq"] = JsonSerializer.Serialize(new
            {
                pack_order_list = new[] { new { order_id = orderId, order_item_list = items.EnumerateArray().Select(i => i.GetProperty("order_item_id").GetInt64()) } },
                delivery_type = "dropship", shipping_allocate_type = "TFS",
            }),
        }, token));
        var packageId = pack.GetProperty("result").GetProperty("data").GetProperty("pack_order_list")[0].GetProperty("order_item_list")[0].GetProperty("package_id").GetString();

        async Task<string> Status() => (await sandbox.Json(await sandbox.Lazada("/order/get", new() { ["order_id"] = orderId }, await sandbox.LazadaToken())))
            .GetProperty("data").GetProperty("statuses")[0].GetString()!;

        await Advance(31);
        Assert.Equal("packed", await Status());
        await Advance(120);
        Assert.Equal("packed", await Status()); // packed but not ready to ship: no carrier comes

        await sandbox.Lazada("/order/package/rts", new() { ["readyToShipReq"] = JsonSerializer.Serialize(new { packages = new[] { new { package_id = packageId } } }) }, token);
        Assert.Equal("ready_to_ship", await Status());
        await Advance(31);
        Assert.Equal("shipped", await Status());
    }
}
