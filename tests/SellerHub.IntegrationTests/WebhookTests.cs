using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>Pushes are verified over the raw bytes, stored once, and never stored when the signature is wrong.</summary>
public abstract class WebhookTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Hmac(string key, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message)));

    /// <summary>A workspace with its own app secrets (suffix) and a connected Shopee shop.</summary>
    private async Task<TestWorkspace> WorkspaceWithApps(string suffix)
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        foreach (var (channel, key, secret) in new[] { ("Shopee", "2001887", "shopee-key" + suffix), ("Lazada", "100001", "lazada-secret" + suffix), ("TikTokShop", "6abc", "tiktok-secret" + suffix) })
            Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/channel-apps/{channel}", new { appKey = key, secret, baseUrl = "https://sandbox.test/" + channel }, Ct)).StatusCode);
        await api.PostAsJsonAsync("/api/v1/shops", new { channel = "Shopee", name = "Shopee shop", marketplaceShopId = "200001" }, Ct);
        return w;
    }

    private Task<int> Stored(string keyPart) =>
        App.As(null, null, (db, _) => db.WebhookEvents.CountAsync(e => e.DedupKey.Contains(keyPart), Ct));

    private Task<HttpResponseMessage> Post(string path, string body, string? authorization, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return App.Client().SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_shopee_push_with_a_wrong_signature_is_refused_and_a_repeated_one_stored_once()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var w = await WorkspaceWithApps(suffix);
        var order = "SN" + Guid.NewGuid().ToString("N")[..10];
        var body = JsonSerializer.Serialize(new { shop_id = 200001, code = 3, timestamp = 1795678092, data = new { items = Array.Empty<object>(), ordersn = order, status = "PROCESSED", update_time = 1795678090 } });
        var url = new Uri(App.BaseAddress, "/webhooks/shopee").ToString();

        var forged = await Post("/webhooks/shopee", body, Hmac("not-the-key", url + "|" + body));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("/webhooks/shopee", body, null)).StatusCode);
        Assert.Equal(0, await Stored(order));

        for (var i = 0; i < 3; i++)
        {
            var ok = await Post("/webhooks/shopee", body, Hmac("shopee-key" + suffix, url + "|" + body));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("", await ok.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(1, await Stored(order));
        var stored = await App.As(null, null, (db, _) => db.WebhookEvents.SingleAsync(e => e.DedupKey.Contains(order), Ct));
        Assert.Equal(w.Id, stored.WorkspaceId);
        Assert.Equal(body, stored.Body);

        // A tampered body (one byte) no longer matches its signature.
        var tampered = await Post("/webhooks/shopee", body.Replace("PROCESSED", "CANCELLED"), Hmac("shopee-key" + suffix, url + "|" + body));
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
    }

    [Fact]
    public async Task Lazada_and_tiktok_pushes_are_verified_over_app_key_and_body()
    {
        var suffix = Guid.NewGuid().ToString("N");
        await WorkspaceWithApps(suffix);
        var lazadaOrder = Guid.NewGuid().ToString("N")[..12];
        var lazada = JsonSerializer.Serialize(new { seller_id = "300001", message_type = 0, data = new { order_status = "pending", trade_order_id = lazadaOrder, trade_order_line_id = "1", status_update_time = 1795678090 }, timestamp = 1795678092000, site = "lazada_vn" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("/webhooks/lazada", lazada, Hmac("lazada-secret" + suffix, "wrong" + lazada))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post("/webhooks/lazada", lazada, Hmac("lazada-secret" + suffix, "100001" + lazada))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post("/webhooks/lazada", lazada, Hmac("lazada-secret" + suffix, "100001" + lazada))).StatusCode);
        Assert.Equal(1, await Stored(lazadaOrder));

        var notification = Guid.NewGuid().ToString("N");
        var tiktok = JsonSerializer.Serialize(new { type = 1, tts_notification_id = notification, shop_id = "7000001", timestamp = 1795678092, data = new { order_id = "576", order_status = "AWAITING_SHIPMENT" } });
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("/webhooks/tiktok", tiktok, Hmac("other", "6abc" + tiktok))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post("/webhooks/tiktok", tiktok, Hmac("tiktok-secret" + suffix, "6abc" + tiktok))).StatusCode);
        Assert.Equal(1, await Stored(notification));
    }

    [Fact]
    public async Task Carrier_pushes_need_the_secret_in_their_url()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = (await (await w.CreateWarehouseAsync(api, "K1")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var ghn = await (await api.PostAsJsonAsync("/api/v1/carriers", new { carrier = "Ghn", name = "GHN chính", token = "ghn-token", carrierShopId = "885001", pickupWarehouseId = warehouse }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var ghtk = await (await api.PostAsJsonAsync("/api/v1/carriers", new { carrier = "Ghtk", name = "GHTK", token = "ghtk-token", pickupWarehouseId = warehouse }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.DoesNotContain("ghn-token", ghn.ToString());

        var code = "G" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();
        var ghnBody = JsonSerializer.Serialize(new { OrderCode = code, ClientOrderCode = "SHP-1", Status = "picked", Type = "switch_status", Time = "2026-11-26T08:00:00Z" });
        var ghnPath = new Uri(ghn.GetProperty("webhookUrl").GetString()!).AbsolutePath;
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("/webhooks/ghn/not-the-secret", ghnBody, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(ghnPath, ghnBody, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(ghnPath, ghnBody, null)).StatusCode);
        Assert.Equal(1, await Stored(code));

        var label = "S1.A1." + Random.Shared.Next(100000, 999999);
        var form = $"label_id={label}&partner_id=SHP-2&status_id=3&action_time=2026-11-26T08%3A00%3A00Z&reason_code=&reason=&weight=0.6&fee=30000&pick_money=199000";
        var ghtkUrl = new Uri(ghtk.GetProperty("webhookUrl").GetString()!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("/webhooks/ghtk?hash=nope", form, null, "application/x-www-form-urlencoded")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(ghtkUrl.PathAndQuery, form, null, "application/x-www-form-urlencoded")).StatusCode);
        Assert.Equal(1, await Stored(label));
    }

    [Fact]
    public async Task A_shopee_authorisation_expiry_push_marks_the_shop()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var w = await WorkspaceWithApps(suffix);
        var body = JsonSerializer.Serialize(new { shop_id = 200001, code = 12, timestamp = 1795678000 + Random.Shared.Next(100000), data = new { expire_time = 1796000000 } });
        var url = new Uri(App.BaseAddress, "/webhooks/shopee").ToString();
        Assert.Equal(HttpStatusCode.OK, (await Post("/webhooks/shopee", body, Hmac("shopee-key" + suffix, url + "|" + body))).StatusCode);

        var connection = await Eventually.Get(
            () => App.As(w.Id, StaffRole.Owner, (db, _) => db.Shops.Where(s => s.MarketplaceShopId == "200001").Select(s => s.Connection).SingleAsync(Ct)),
            c => c == ShopConnection.NeedsReauthorisation, "the shop to need re-authorisation");
        Assert.Equal(ShopConnection.NeedsReauthorisation, connection);
    }

    [Fact]
    public async Task A_signed_push_that_is_not_utf8_json_is_kept_with_its_reason_and_refused()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var w = await WorkspaceWithApps(suffix);
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"seller_id\":\"300001\",\"data\":{\"buyer\":\"Nguy"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("n\"}}")]; // 0xC3 0x28 is not UTF-8
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("lazada-secret" + suffix), (byte[])[.. Encoding.UTF8.GetBytes("100001"), .. body]));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/lazada") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", signature);
        var response = await App.Client().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(Ct));
        var kept = await App.As(null, null, (db, _) => db.WebhookEvents.Where(e => e.WorkspaceId == w.Id && e.Error != null).ToListAsync(Ct));
        var only = Assert.Single(kept);
        Assert.NotNull(only.ProcessedAt); // never handed to the order import
        Assert.Contains("300001", only.Body);
    }
}

public sealed class WebhookTestsOnSqlite(SqliteApp app) : WebhookTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookTestsOnPostgres(PostgresApp app) : WebhookTests(app), IClassFixture<PostgresApp>;
