using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;

namespace SellerHub.Sandbox.Tests;

/// <summary>
/// A sandbox on a random port and a test-side client that signs requests from the spec itself,
/// independently of the sandbox's code: a misreading on either side makes the tests fail.
/// </summary>
public sealed class Sandbox : IAsyncLifetime
{
    public WebApplication App { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        (App, var address) = await SandboxServer.StartAsync();
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public static string Hmac(string key, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message)));

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    // ---- Shopee --------------------------------------------------------------------------

    public const long ShopeePartner = 2001887;
    public const string ShopeeKey = "shpk-sandbox-partner-key-0001";
    public const long ShopeeShop = 200001;

    public string ShopeeUrl(string path, string? token = null, long? shop = null, string query = "", long? timestamp = null)
    {
        var ts = timestamp ?? Now;
        var sign = Hmac(ShopeeKey, $"{ShopeePartner}{path}{ts}{token}{shop}");
        var url = $"/shopee{path}?partner_id={ShopeePartner}&timestamp={ts}&sign={sign}";
        if (token is not null) url += $"&access_token={token}&shop_id={shop}";
        return url + query;
    }

    public async Task<string> ShopeeToken()
    {
        var auth = await Http.GetAsync(ShopeeUrl("/api/v2/shop/auth_partner", query: "&redirect=https://sellerhub.test/cb"));
        if (auth.Headers.Location is null) throw new InvalidOperationException($"auth_partner answered {(int)auth.StatusCode}: {await auth.Content.ReadAsStringAsync()}");
        var code = System.Web.HttpUtility.ParseQueryString(auth.Headers.Location!.Query)["code"];
        var token = await Json(await Http.PostAsJsonAsync(ShopeeUrl("/api/v2/auth/token/get"), new { code, shop_id = ShopeeShop, partner_id = ShopeePartner }));
        return token.GetProperty("access_token").GetString()!;
    }

    // ---- Lazada --------------------------------------------------------------------------

    public const string LazadaKey = "100001";
    public const string LazadaSecret = "lzd-sandbox-app-secret-0001";

    /// <summary>Lazada's rule from the spec: sorted key+value, prefixed by the API path, HMAC-SHA256, upper hex.</summary>
    public static string LazadaSign(string apiPath, IDictionary<string, string> parameters, string secret) =>
        Hmac(secret, apiPath + string.Concat(parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value))).ToUpperInvariant();

    public Task<HttpResponseMessage> Lazada(string apiPath, Dictionary<string, string> parameters, string? token = null, bool auth = false, Func<string, string>? tamper = null)
    {
        parameters["app_key"] = LazadaKey;
        parameters["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
        parameters["sign_method"] = "sha256";
        if (token is not null) parameters["access_token"] = token;
        var sign = LazadaSign(apiPath, parameters, LazadaSecret);
        parameters["sign"] = tamper?.Invoke(sign) ?? sign;
        var url = (auth ? "/lazada/auth/rest" : "/lazada/rest") + apiPath;
        return Http.PostAsync(url, new FormUrlEncodedContent(parameters));
    }

    public async Task<string> LazadaToken()
    {
        var authorize = await Http.GetAsync($"/lazada/auth/oauth/authorize?response_type=code&force_auth=true&client_id={LazadaKey}&redirect_uri=https://sellerhub.test/cb");
        var code = System.Web.HttpUtility.ParseQueryString(authorize.Headers.Location!.Query)["code"]!;
        var token = await Json(await Lazada("/auth/token/create", new() { ["code"] = code }, auth: true));
        return token.GetProperty("access_token").GetString()!;
    }

    // ---- TikTok Shop ---------------------------------------------------------------------

    public const string TikTokKey = "6abc123sandbox";
    public const string TikTokSecret = "tts-sandbox-app-secret-0001";

    /// <summary>TikTok's rule: secret + path + sorted query (no sign/access_token) + body + secret.</summary>
    public static string TikTokSign(string path, IDictionary<string, string> query, string body, string secret) =>
        Hmac(secret, secret + path + string.Concat(query.Where(q => q.Key is not ("sign" or "access_token")).OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => q.Key + q.Value)) + body + secret);

    public Task<HttpResponseMessage> TikTok(HttpMethod method, string path, string token, Dictionary<string, string>? query = null, object? body = null, bool tamper = false)
    {
        query ??= [];
        query["app_key"] = TikTokKey;
        query["timestamp"] = Now.ToString();
        var raw = body is null ? "" : JsonSerializer.Serialize(body);
        var sign = TikTokSign(path, query, raw, TikTokSecret);
        query["sign"] = tamper ? sign[..^1] + (sign[^1] == '0' ? '1' : '0') : sign;
        var request = new HttpRequestMessage(method, "/tiktok" + path + "?" + string.Join("&", query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")));
        request.Headers.Add("x-tts-access-token", token);
        if (body is not null) request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        return Http.SendAsync(request);
    }

    public async Task<(string Token, string Cipher)> TikTokToken()
    {
        var authorize = await Http.GetAsync("/tiktok/auth/open/authorize?service_id=7300000000000000001&state=x&redirect_uri=https://sellerhub.test/cb");
        var code = System.Web.HttpUtility.ParseQueryString(authorize.Headers.Location!.Query)["code"];
        var token = await Json(await Http.GetAsync($"/tiktok/auth/api/v2/token/get?app_key={TikTokKey}&app_secret={TikTokSecret}&auth_code={code}&grant_type=authorized_code"));
        var access = token.GetProperty("data").GetProperty("access_token").GetString()!;
        var shops = await Json(await TikTok(HttpMethod.Get, "/authorization/202309/shops", access));
        return (access, shops.GetProperty("data").GetProperty("shops")[0].GetProperty("cipher").GetString()!);
    }
}
