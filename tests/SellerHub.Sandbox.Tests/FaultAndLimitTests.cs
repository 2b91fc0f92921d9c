namespace SellerHub.Sandbox.Tests;

/// <summary>Rate limits and injected faults answer in each vendor's own words and statuses.</summary>
public sealed class FaultAndLimitTests(Sandbox sandbox) : IClassFixture<Sandbox>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task SetFaults(string vendor, object faults) => sandbox.Http.PutAsJsonAsync($"/sandbox/admin/faults/{vendor}", faults, Ct);

    [Fact]
    public async Task Injected_rate_limits_and_server_errors_use_the_vendors_dialect()
    {
        var token = await sandbox.LazadaToken();
        await SetFaults("Lazada", new { RateLimited = 1.0 });
        var limited = await sandbox.Json(await sandbox.Lazada("/orders/get", new() { ["created_after"] = "2020-01-01T00:00:00+07:00" }, token));
        Assert.Equal("ApiCallLimit", limited.GetProperty("code").GetString());
        Assert.Contains("this ban will last 1 seconds", limited.GetProperty("message").GetString());

        await SetFaults("Lazada", new { ServerErrors = 1.0 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await sandbox.Lazada("/orders/get", new() { ["created_after"] = "2020-01-01T00:00:00+07:00" }, token)).StatusCode);

        await SetFaults("Shopee", new { RateLimited = 1.0 });
        var shopee = await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/shop/auth_partner", query: "&redirect=https://x/cb"), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, shopee.StatusCode);

        await SetFaults("Lazada", new { });
        await SetFaults("Shopee", new { });
        Assert.Equal("0", (await sandbox.Json(await sandbox.Lazada("/orders/get", new() { ["created_after"] = "2020-01-01T00:00:00+07:00" }, token))).GetProperty("code").GetString());

        var calls = await sandbox.Json(await sandbox.Http.GetAsync("/sandbox/recorded/calls?vendor=Lazada", Ct));
        Assert.Contains(calls.EnumerateArray(), c => c.GetProperty("error").GetString() == "rate-limited");
    }

    public static TheoryData<string, string, string, int, string> InjectedFaults => new()
    {
        { "Shopee", "RateLimited", "/shopee/api/v2/order/get_order_list", 429, """{"error":"error_busi_limit","message":"Too many requests, please try again later."}""" },
        { "Shopee", "ServerErrors", "/shopee/api/v2/order/get_order_list", 500, """{"error":"error_server","message":"Something wrong. Please try later."}""" },
        { "Lazada", "RateLimited", "/lazada/rest/orders/get", 200, """{"type":"ISP","code":"ApiCallLimit","message":"Api access frequency exceeds the limit. this ban will last 1 seconds"}""" },
        { "Lazada", "ServerErrors", "/lazada/rest/orders/get", 503, """{"type":"SYSTEM","code":"ServiceUnavailable","message":"The service is temporarily unavailable"}""" },
        { "TikTok", "RateLimited", "/tiktok/order/202309/orders", 429, """{"code":36009002,"message":"Too many requests. Please retry after a while.","data":{}}""" },
        { "TikTok", "ServerErrors", "/tiktok/order/202309/orders", 503, """{"code":36009003,"message":"Internal error. Please try again.","data":{}}""" },
        { "Ghn", "RateLimited", "/ghn/shiip/public-api/master-data/province", 429, """{"code":429,"message":"Too many requests","data":null,"code_message":"TOO_MANY_REQUESTS"}""" },
        { "Ghn", "ServerErrors", "/ghn/shiip/public-api/master-data/province", 500, """{"code":500,"message":"Hệ thống đang bận, vui lòng thử lại","data":null}""" },
        { "Ghtk", "RateLimited", "/ghtk/services/shipment/fee", 429, """{"success":false,"message":"Too many requests","error_code":"429"}""" },
        { "Ghtk", "ServerErrors", "/ghtk/services/shipment/fee", 500, """{"success":false,"message":"Hệ thống đang bận","error_code":"500"}""" },
        { "Telegram", "RateLimited", "/telegram/bot7000000001:AAsandbox-bot-token-0001/getMe", 429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}""" },
        { "Telegram", "ServerErrors", "/telegram/bot7000000001:AAsandbox-bot-token-0001/getMe", 502, """{"ok":false,"error_code":502,"description":"Bad Gateway"}""" },
    };

    /// <summary>The exact body and status of each vendor's injected answer (the README's table); request ids vary, so they are only checked to be there.</summary>
    [Theory]
    [MemberData(nameof(InjectedFaults))]
    public async Task An_injected_fault_answers_with_the_vendors_exact_body_and_status(string vendor, string fault, string path, int status, string body)
    {
        await SetFaults(vendor, new Dictionary<string, double> { [fault] = 1.0 });
        try
        {
            var response = await sandbox.Http.GetAsync(path, Ct);
            Assert.Equal(status, (int)response.StatusCode);
            var answer = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
            if (vendor is "Shopee" or "Lazada" or "TikTok") Assert.True(answer.Remove("request_id"), "request_id");
            Assert.Equal(System.Text.Json.Nodes.JsonNode.Parse(body)!.ToJsonString(), answer.ToJsonString());
        }
        finally
        {
            await SetFaults(vendor, new { });
        }
        var calls = await sandbox.Json(await sandbox.Http.GetAsync($"/sandbox/recorded/calls?vendor={vendor}", Ct));
        Assert.Contains(calls.EnumerateArray(), c => c.GetProperty("status").GetInt32() == status
            && c.GetProperty("error").GetString() == (fault == "RateLimited" ? "rate-limited" : "server-error"));
    }

    [Fact]
    public async Task TikTok_answers_429_beyond_50_queries_per_second()
    {
        var (token, cipher) = await sandbox.TikTokToken();
        // 100 at once land within one second unless the machine is busy (a cold start): then the burst is sent again.
        HttpResponseMessage[] responses = [];
        var limited = new List<HttpResponseMessage>();
        for (var burst = 0; burst < 5 && limited.Count == 0; burst++)
        {
            responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
                sandbox.TikTok(HttpMethod.Post, "/product/202309/products/search", token, new() { ["page_size"] = "1", ["shop_cipher"] = cipher }, new { })));
            limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        }
        Assert.NotEmpty(limited);
        Assert.Equal(36009002, (await sandbox.Json(limited[0])).GetProperty("code").GetInt32());
        // Not everything refused: the limit is 50 a second per path and shop, which other tests of the class share.
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.OK), 1, 99);
    }

    [Fact]
    public async Task Campaign_locked_stock_is_refused_per_model()
    {
        var token = await sandbox.ShopeeToken();
        var shops = await sandbox.Json(await sandbox.Http.GetAsync("/sandbox/admin/shops", Ct));
        var item = shops.EnumerateArray().First(s => s.GetProperty("vendor").GetString() == "Shopee").GetProperty("items")[0];
        var itemId = item.GetProperty("item_id").GetInt64();
        var modelId = item.GetProperty("models")[0].GetProperty("model_id").GetInt64();

        var update = new { item_id = itemId, stock_list = new[] { new { model_id = modelId, seller_stock = new[] { new { stock = 17 } } } } };
        var ok = await sandbox.Json(await sandbox.Http.PostAsJsonAsync(sandbox.ShopeeUrl("/api/v2/product/update_stock", token, Sandbox.ShopeeShop), update, Ct));
        Assert.Single(ok.GetProperty("response").GetProperty("success_list").EnumerateArray());
        var recorded = await sandbox.Json(await sandbox.Http.GetAsync("/sandbox/recorded/stock", Ct));
        Assert.Contains(recorded.EnumerateArray(), s => s.GetProperty("model_id").GetString() == modelId.ToString() && s.GetProperty("stock").GetInt32() == 17);

        await sandbox.Http.PutAsJsonAsync($"/sandbox/admin/items/{itemId}/campaign-lock", new { Locked = true }, Ct);
        var locked = await sandbox.Json(await sandbox.Http.PostAsJsonAsync(sandbox.ShopeeUrl("/api/v2/product/update_stock", token, Sandbox.ShopeeShop), update, Ct));
        Assert.Empty(locked.GetProperty("response").GetProperty("success_list").EnumerateArray());
        Assert.Contains("promotion", locked.GetProperty("response").GetProperty("failure_list")[0].GetProperty("failed_reason").GetString());
    }
}
