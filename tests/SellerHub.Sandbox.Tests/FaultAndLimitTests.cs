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

    [Fact]
    public async Task TikTok_answers_429_beyond_50_queries_per_second()
    {
        var (token, cipher) = await sandbox.TikTokToken();
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            sandbox.TikTok(HttpMethod.Post, "/product/202309/products/search", token, new() { ["page_size"] = "1", ["shop_cipher"] = cipher }, new { })));
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Equal(36009002, (await sandbox.Json(limited[0])).GetProperty("code").GetInt32());
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) >= 50);
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
