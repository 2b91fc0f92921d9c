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

    /// <summary>A workspace with its own app secrets (suffix) and a shop on each marketplace (not connected).</summary>
    private async Task<TestWorkspace> WorkspaceWithApps(string suffix)
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        foreach (var (channel, key, secret) in new[] { ("Shopee", "2001887", "shopee-key" + suffix), ("Lazada", "100001", "lazada-secret" + suffix), ("TikTokShop", "6abc", "tiktok-secret" + suffix) })
            Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/channel-apps/{channel}", new { appKey = key, secret, baseUrl = "https://sandbox.test/" + channel }, Ct)).StatusCode);
        foreach (var (channel, shopId) in new[] { ("Shopee", "200001"), ("Lazada", "300001"), ("TikTokShop", "7000001") })
            await api.PostAsJsonAsync("/api/v1/shops", new { channel, name = channel + " shop", marketplaceShopId = shopId }, Ct);
        return w;
    }

    private Task<HttpResponseMessage> Post(string path, string body, string? authorization, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return App.Client().SendAsync(request, Ct);
    }

    /// <summary>One push as a vendor sends it: where, what, and how it is signed (null: not signed).</summary>
    private sealed record Push(string Path, string Body, string? Authorization, string ContentType = "application/json");

    /// <summary>
    /// For one receiver: a push forged with a wrong signature or secret (and its own dedup key, so a
    /// stored forgery could not hide behind the genuine one), the genuine push, and a copy of the genuine
    /// push with one byte of the body changed but the genuine signature (null for carriers, which sign nothing).
    /// Every body carries <paramref name="marker"/>.
    /// </summary>
    private async Task<(Push Forged, Push Genuine, Push? Tampered)> Pushes(string receiver, TestWorkspace w, string suffix, string marker)
    {
        switch (receiver)
        {
            case "shopee":
            {
                string Body(string status) => JsonSerializer.Serialize(new { shop_id = 200001, code = 3, timestamp = 1795678092, data = new { items = Array.Empty<object>(), ordersn = marker, status, update_time = 1795678090 } });
                var url = new Uri(App.BaseAddress, "/webhooks/shopee").ToString();
                var genuine = Body("PROCESSED");
                return (new("/webhooks/shopee", Body("CANCELLED"), Hmac("not-the-key", url + "|" + Body("CANCELLED"))),
                    new("/webhooks/shopee", genuine, Hmac("shopee-key" + suffix, url + "|" + genuine)),
                    new("/webhooks/shopee", genuine.Replace("PROCESSED", "CANCELLED"), Hmac("shopee-key" + suffix, url + "|" + genuine)));
            }
            case "lazada":
            {
                string Body(string status) => JsonSerializer.Serialize(new { seller_id = "300001", message_type = 0, data = new { order_status = status, trade_order_id = marker, trade_order_line_id = "1", status_update_time = 1795678090 }, timestamp = 1795678092000, site = "lazada_vn" });
                var genuine = Body("pending");
                return (new("/webhooks/lazada", Body("canceled"), Hmac("lazada-secret" + suffix, "wrong" + Body("canceled"))),
                    new("/webhooks/lazada", genuine, Hmac("lazada-secret" + suffix, "100001" + genuine)),
                    new("/webhooks/lazada", genuine.Replace("pending", "canceled"), Hmac("lazada-secret" + suffix, "100001" + genuine)));
            }
            case "tiktok":
            {
                string Body(string notification) => JsonSerializer.Serialize(new { type = 1, tts_notification_id = notification, shop_id = "7000001", timestamp = 1795678092, data = new { order_id = marker, order_status = "AWAITING_SHIPMENT" } });
                var genuine = Body(marker + "-1");
                return (new("/webhooks/tiktok", Body(marker + "-2"), Hmac("other", "6abc" + Body(marker + "-2"))),
                    new("/webhooks/tiktok", genuine, Hmac("tiktok-secret" + suffix, "6abc" + genuine)),
                    new("/webhooks/tiktok", genuine.Replace("AWAITING_SHIPMENT", "AWAITING_COLLECTION"), Hmac("tiktok-secret" + suffix, "6abc" + genuine)));
            }
            case "ghn":
            {
                string Body(string status) => JsonSerializer.Serialize(new { OrderCode = marker, ClientOrderCode = "SHP-1", Status = status, Type = "switch_status", Time = "2026-11-26T08:00:00Z" });
                var carrier = await Carrier(w, "Ghn");
                return (new("/webhooks/ghn/not-the-secret", Body("delivered"), null), new(new Uri(carrier).AbsolutePath, Body("picked"), null), null);
            }
            default:
            {
                string Form(int status) => $"label_id={marker}&partner_id=SHP-2&status_id={status}&action_time=2026-11-26T08%3A00%3A00Z&reason_code=&reason=&weight=0.6&fee=30000&pick_money=199000";
                var carrier = new Uri(await Carrier(w, "Ghtk"));
                return (new("/webhooks/ghtk?hash=nope", Form(5), null, "application/x-www-form-urlencoded"),
                    new(carrier.PathAndQuery, Form(3), null, "application/x-www-form-urlencoded"), null);
            }
        }
    }

    /// <summary>A carrier account of the workspace; returns the webhook URL to register with the carrier.</summary>
    private async Task<string> Carrier(TestWorkspace w, string carrier)
    {
        var api = w.Api();
        var warehouse = (await (await w.CreateWarehouseAsync(api, "K1")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var created = await (await api.PostAsJsonAsync("/api/v1/carriers", new { carrier, name = carrier, token = carrier + "-token", carrierShopId = carrier == "Ghn" ? "885001" : null, pickupWarehouseId = warehouse }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.DoesNotContain(carrier + "-token", created.ToString());
        return created.GetProperty("webhookUrl").GetString()!;
    }

    private Task<int> StoredWith(string marker) =>
        App.As(null, null, (db, _) => db.WebhookEvents.CountAsync(e => e.Body.Contains(marker), Ct));

    private Task<HttpResponseMessage> Send(Push push) => Post(push.Path, push.Body, push.Authorization, push.ContentType);

    [Theory]
    [InlineData("shopee")]
    [InlineData("lazada")]
    [InlineData("tiktok")]
    [InlineData("ghn")]
    [InlineData("ghtk")]
    public async Task A_forged_push_is_refused_and_stores_nothing_and_a_genuine_one_delivered_three_times_is_stored_once(string receiver)
    {
        var suffix = Guid.NewGuid().ToString("N");
        var w = await WorkspaceWithApps(suffix);
        var marker = "M" + Guid.NewGuid().ToString("N")[..11];
        var (forged, genuine, tampered) = await Pushes(receiver, w, suffix, marker);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(genuine with { Authorization = null, Path = forged.Path })).StatusCode); // the genuine body unsigned, or at a wrong secret
        if (tampered is not null) Assert.Equal(HttpStatusCode.Unauthorized, (await Send(tampered)).StatusCode);
        Assert.Equal(0, await StoredWith(marker));

        for (var i = 0; i < 3; i++)
        {
            var ok = await Send(genuine);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("", await ok.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(1, await StoredWith(marker));
        var stored = await App.As(null, null, (db, _) => db.WebhookEvents.SingleAsync(e => e.Body.Contains(marker), Ct));
        Assert.Equal(w.Id, stored.WorkspaceId);
        Assert.Equal(genuine.Body, stored.Body);
    }

    [Fact]
    public async Task Shopee_authorisation_pushes_warn_of_a_lapse_and_mark_a_loss()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var w = await WorkspaceWithApps(suffix);
        await App.As(w.Id, StaffRole.Owner, (db, _) => db.Shops.Where(s => s.MarketplaceShopId == "200001")
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, true).SetProperty(x => x.Connection, ShopConnection.Connected), Ct)); // as if connected
        var url = new Uri(App.BaseAddress, "/webhooks/shopee").ToString();
        var lapse = DateTimeOffset.UtcNow.AddDays(3).ToUnixTimeSeconds();
        var expiring = JsonSerializer.Serialize(new { shop_id = 200001, code = 12, timestamp = 1795678000 + Random.Shared.Next(100000), data = new { expire_time = lapse } });
        Assert.Equal(HttpStatusCode.OK, (await Post("/webhooks/shopee", expiring, Hmac("shopee-key" + suffix, url + "|" + expiring))).StatusCode);

        // Still connected (the tokens work until then), with the lapse the push gave and the warning to act on.
        var warned = await Eventually.Get(() => Shop(w), s => s.GetProperty("warning").GetString() == "AuthorisationExpiring", "the lapse warning");
        Assert.Equal("Connected", warned.GetProperty("connection").GetString());
        Assert.Equal(lapse, new DateTimeOffset(warned.GetProperty("authorisationExpiresAt").GetDateTime()).ToUnixTimeSeconds());

        var lost = JsonSerializer.Serialize(new { shop_id = 200001, code = 2, timestamp = 1795678000 + Random.Shared.Next(100000), data = new { } });
        Assert.Equal(HttpStatusCode.OK, (await Post("/webhooks/shopee", lost, Hmac("shopee-key" + suffix, url + "|" + lost))).StatusCode);
        var marked = await Eventually.Get(() => Shop(w), s => s.GetProperty("warning").GetString() == "NeedsReauthorisation", "the shop to need re-authorisation");
        Assert.Equal("NeedsReauthorisation", marked.GetProperty("connection").GetString());
    }

    private async Task<JsonElement> Shop(TestWorkspace w) =>
        (await w.Api().GetFromJsonAsync<JsonElement[]>("/api/v1/shops", Ct))!.Single(s => s.GetProperty("marketplaceShopId").GetString() == "200001");

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
