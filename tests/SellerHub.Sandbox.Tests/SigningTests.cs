using SellerHub.Sandbox.Vendors;

namespace SellerHub.Sandbox.Tests;

/// <summary>Each vendor's signing, against the published worked examples, and tampering is refused.</summary>
public sealed class SigningTests(Sandbox sandbox) : IClassFixture<Sandbox>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Lazada_signing_reproduces_the_official_vector()
    {
        var parameters = new Dictionary<string, string>
        {
            ["app_key"] = "123456", ["access_token"] = "test", ["timestamp"] = "1517820392000", ["sign_method"] = "sha256", ["order_id"] = "1234",
        };
        const string published = "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A";
        Assert.Equal(published, Sandbox.LazadaSign("/order/get", parameters, "helloworld"));
        Assert.Equal(published, LazadaApi.Sign("/order/get", parameters, "helloworld"));
    }

    [Fact]
    public void TikTok_signing_reproduces_the_official_vector()
    {
        var query = new Dictionary<string, string> { ["app_key"] = "29a39d", ["timestamp"] = "1623812664" };
        const string published = "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8";
        Assert.Equal(published, Sandbox.TikTokSign("/authorization/202309/shops", query, "", "e59af819cc"));
        Assert.Equal(published, TikTokApi.Sign("/authorization/202309/shops", query, "", "e59af819cc"));
    }

    [Fact]
    public async Task Shopee_accepts_a_correct_sign_and_refuses_a_wrong_or_stale_one()
    {
        var token = await sandbox.ShopeeToken();
        var query = $"&time_range_field=create_time&time_from={Sandbox.Now - 86400}&time_to={Sandbox.Now}&page_size=10";
        var ok = await sandbox.Json(await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/order/get_order_list", token, Sandbox.ShopeeShop, query), Ct));
        Assert.Equal("", ok.GetProperty("error").GetString());

        var url = sandbox.ShopeeUrl("/api/v2/order/get_order_list", token, Sandbox.ShopeeShop, query);
        var tampered = await sandbox.Http.GetAsync(url.Replace("page_size=10", "page_size=10").Replace($"shop_id={Sandbox.ShopeeShop}", "shop_id=200002"), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal("error_sign", (await sandbox.Json(tampered)).GetProperty("error").GetString());

        var stale = await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/order/get_order_list", token, Sandbox.ShopeeShop, query, Sandbox.Now - 600), Ct);
        var staleBody = await sandbox.Json(stale);
        Assert.Equal("error_param", staleBody.GetProperty("error").GetString());
        Assert.Contains("timestamp", staleBody.GetProperty("message").GetString());

        var wrongToken = await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/order/get_order_list", "not-a-token", Sandbox.ShopeeShop, query), Ct);
        Assert.Equal("error_auth", (await sandbox.Json(wrongToken)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Shopee_refresh_tokens_work_once()
    {
        var auth = await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/shop/auth_partner", query: "&redirect=https://sellerhub.test/cb"), Ct);
        var code = System.Web.HttpUtility.ParseQueryString(auth.Headers.Location!.Query)["code"];
        var first = await sandbox.Json(await sandbox.Http.PostAsJsonAsync(sandbox.ShopeeUrl("/api/v2/auth/token/get"), new { code, shop_id = Sandbox.ShopeeShop, partner_id = Sandbox.ShopeePartner }, Ct));
        var refresh = first.GetProperty("refresh_token").GetString();

        var again = await sandbox.Json(await sandbox.Http.PostAsJsonAsync(sandbox.ShopeeUrl("/api/v2/auth/token/get"), new { code, shop_id = Sandbox.ShopeeShop, partner_id = Sandbox.ShopeePartner }, Ct));
        Assert.Equal("error_auth", again.GetProperty("error").GetString()); // the code is single-use

        var renewed = await sandbox.Json(await sandbox.Http.PostAsJsonAsync(sandbox.ShopeeUrl("/api/v2/auth/access_token/get"), new { refresh_token = refresh, shop_id = Sandbox.ShopeeShop, partner_id = Sandbox.ShopeePartner }, Ct));
        Assert.Equal("", renewed.GetProperty("error").GetString());
        Assert.NotEqual(refresh, renewed.GetProperty("refresh_token").GetString());
        var reused = await sandbox.Json(await sandbox.Http.PostAsJsonAsync(sandbox.ShopeeUrl("/api/v2/auth/access_token/get"), new { refresh_token = refresh, shop_id = Sandbox.ShopeeShop, partner_id = Sandbox.ShopeePartner }, Ct));
        Assert.Equal("error_auth", reused.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Lazada_refuses_a_tampered_request_and_an_unknown_token()
    {
        var token = await sandbox.LazadaToken();
        var ok = await sandbox.Json(await sandbox.Lazada("/orders/get", new() { ["created_after"] = "2020-01-01T00:00:00+07:00" }, token));
        Assert.Equal("0", ok.GetProperty("code").GetString());

        var bad = await sandbox.Json(await sandbox.Lazada("/orders/get", new() { ["created_after"] = "2020-01-01T00:00:00+07:00" }, token, tamper: s => s[..^1] + (s[^1] == 'A' ? 'B' : 'A')));
        Assert.Equal("IncompleteSignature", bad.GetProperty("code").GetString());

        var expired = await sandbox.Json(await sandbox.Lazada("/orders/get", new() { ["created_after"] = "2020-01-01T00:00:00+07:00" }, "expired-token"));
        Assert.Equal("IllegalAccessToken", expired.GetProperty("code").GetString());
    }

    [Fact]
    public async Task TikTok_refuses_a_tampered_request_and_a_missing_cipher()
    {
        var (token, cipher) = await sandbox.TikTokToken();
        var search = await sandbox.Json(await sandbox.TikTok(HttpMethod.Post, "/order/202309/orders/search", token, new() { ["page_size"] = "5", ["shop_cipher"] = cipher }, new { }));
        Assert.Equal(0, search.GetProperty("code").GetInt32());

        var tampered = await sandbox.Json(await sandbox.TikTok(HttpMethod.Post, "/order/202309/orders/search", token, new() { ["page_size"] = "5", ["shop_cipher"] = cipher }, new { }, tamper: true));
        Assert.Equal(106001, tampered.GetProperty("code").GetInt32());

        var noCipher = await sandbox.Json(await sandbox.TikTok(HttpMethod.Post, "/order/202309/orders/search", token, new() { ["page_size"] = "5" }, new { }));
        Assert.Equal(106013, noCipher.GetProperty("code").GetInt32());

        var badToken = await sandbox.TikTok(HttpMethod.Post, "/order/202309/orders/search", "nope", new() { ["page_size"] = "5", ["shop_cipher"] = cipher }, new { });
        Assert.Equal(105002, (await sandbox.Json(badToken)).GetProperty("code").GetInt32());
    }
}
