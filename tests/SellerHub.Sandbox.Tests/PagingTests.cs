namespace SellerHub.Sandbox.Tests;

/// <summary>Paging reaches every order exactly once, even while new orders arrive between pages.</summary>
public sealed class PagingTests(Sandbox sandbox) : IClassFixture<Sandbox>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task NewOrders(string vendor, long shop, int count) => sandbox.Http.PostAsync($"/sandbox/admin/shops/{vendor}/{shop}/orders?count={count}", null, Ct);

    [Fact]
    public async Task Shopee_cursor_paging_is_complete_and_stable()
    {
        var token = await sandbox.ShopeeToken();
        var before = await Existing("Shopee");
        var seen = new List<string>();
        var cursor = "";
        var to = Sandbox.Now + 3600;
        do
        {
            var page = await sandbox.Json(await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/order/get_order_list", token, Sandbox.ShopeeShop,
                $"&time_range_field=create_time&time_from={Sandbox.Now - 86400}&time_to={to}&page_size=4&cursor={Uri.EscapeDataString(cursor)}"), Ct));
            var response = page.GetProperty("response");
            seen.AddRange(response.GetProperty("order_list").EnumerateArray().Select(o => o.GetProperty("order_sn").GetString()!));
            cursor = response.GetProperty("more").GetBoolean() ? response.GetProperty("next_cursor").GetString()! : "";
            await NewOrders("Shopee", Sandbox.ShopeeShop, 2);
        } while (cursor != "");

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(before.Except(seen));
    }

    [Fact]
    public async Task TikTok_page_tokens_are_complete_and_stable()
    {
        var (token, cipher) = await sandbox.TikTokToken();
        var before = await Existing("TikTok");
        var seen = new List<string>();
        var pageToken = "";
        do
        {
            var query = new Dictionary<string, string> { ["page_size"] = "5", ["shop_cipher"] = cipher, ["sort_field"] = "create_time" };
            if (pageToken != "") query["page_token"] = pageToken;
            var page = (await sandbox.Json(await sandbox.TikTok(HttpMethod.Post, "/order/202309/orders/search", token, query, new { }))).GetProperty("data");
            seen.AddRange(page.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
            pageToken = page.GetProperty("next_page_token").GetString()!;
            await NewOrders("TikTok", 7_000_001, 2);
        } while (pageToken != "");

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(before.Except(seen));
    }

    [Fact]
    public async Task Lazada_offset_paging_in_ascending_order_is_complete_and_stable()
    {
        var token = await sandbox.LazadaToken();
        var before = await Existing("Lazada");
        var seen = new List<string>();
        for (var offset = 0; ; offset += 4)
        {
            var page = (await sandbox.Json(await sandbox.Lazada("/orders/get", new()
            {
                ["created_after"] = "2020-01-01T00:00:00+07:00", ["sort_by"] = "created_at", ["sort_direction"] = "ASC", ["offset"] = offset.ToString(), ["limit"] = "4",
            }, token))).GetProperty("data");
            var orders = page.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("order_id").GetInt64().ToString()).ToList();
            seen.AddRange(orders);
            if (orders.Count < 4) break;
            if (offset < 40) await NewOrders("Lazada", 300001, 1);
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(before.Except(seen));
    }

    private async Task<List<string>> Existing(string vendor) =>
        (await sandbox.Json(await sandbox.Http.GetAsync($"/sandbox/admin/orders?vendor={vendor}", Ct))).EnumerateArray()
            .Select(o => o.GetProperty("order_id").GetString()!).ToList();
}
