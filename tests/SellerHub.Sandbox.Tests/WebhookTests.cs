using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SellerHub.Sandbox.Tests;

/// <summary>Pushes arrive at a registered receiver, signed as each vendor signs them.</summary>
public sealed class WebhookTests(Sandbox sandbox) : IClassFixture<Sandbox>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private WebApplication receiver = null!;
    private string receiverUrl = "";
    private readonly ConcurrentQueue<(string Path, string Query, string Body, string? Authorization, string? ContentType)> received = new();

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        receiver = builder.Build();
        receiver.Run(async http =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            received.Enqueue((http.Request.Path, http.Request.QueryString.Value ?? "", body, http.Request.Headers.Authorization.FirstOrDefault(), http.Request.ContentType));
            http.Response.StatusCode = 200;
        });
        await receiver.StartAsync();
        receiverUrl = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async ValueTask DisposeAsync() => await receiver.DisposeAsync();

    private async Task<(string Path, string Query, string Body, string? Authorization, string? ContentType)> Next(Func<string, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            var hit = received.FirstOrDefault(r => match(r.Path));
            if (hit.Path is not null) return hit;
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException("No webhook arrived.");
    }

    [Fact]
    public async Task Shopee_pushes_order_status_signed_over_url_and_body()
    {
        var url = receiverUrl + "/webhooks/shopee";
        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/webhooks", new { Vendor = "Shopee", Url = url }, Ct);
        var token = await sandbox.ShopeeToken();
        var list = await sandbox.Json(await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/order/get_order_list", token, Sandbox.ShopeeShop,
            $"&time_range_field=create_time&time_from={Sandbox.Now - 86400}&time_to={Sandbox.Now + 60}&page_size=100&order_status=READY_TO_SHIP"), Ct));
        var orderSn = list.GetProperty("response").GetProperty("order_list")[0].GetProperty("order_sn").GetString();

        var shipped = await sandbox.Json(await sandbox.Http.PostAsJsonAsync(sandbox.ShopeeUrl("/api/v2/logistics/ship_order", token, Sandbox.ShopeeShop),
            new { order_sn = orderSn, pickup = new { address_id = 9001, pickup_time_id = "slot" } }, Ct));
        Assert.Equal("", shipped.GetProperty("error").GetString());

        var push = await Next(p => p == "/webhooks/shopee");
        Assert.Equal(Sandbox.Hmac(Sandbox.ShopeeKey, url + "|" + push.Body), push.Authorization);
        var body = JsonDocument.Parse(push.Body).RootElement;
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        Assert.Equal(orderSn, body.GetProperty("data").GetProperty("ordersn").GetString());
        Assert.Equal("PROCESSED", body.GetProperty("data").GetProperty("status").GetString());

        var tracking = await sandbox.Json(await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/logistics/get_tracking_number", token, Sandbox.ShopeeShop, $"&order_sn={orderSn}"), Ct));
        Assert.StartsWith("SPXVN", tracking.GetProperty("response").GetProperty("tracking_number").GetString());
    }

    [Fact]
    public async Task Lazada_pushes_are_signed_over_app_key_and_body()
    {
        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/webhooks", new { Vendor = "Lazada", Url = receiverUrl + "/webhooks/lazada" }, Ct);
        var orders = await sandbox.Json(await sandbox.Http.PostAsync("/sandbox/admin/shops/Lazada/300001/orders?count=1", null, Ct));
        var push = await Next(p => p == "/webhooks/lazada");
        Assert.Equal(Sandbox.Hmac(Sandbox.LazadaSecret, Sandbox.LazadaKey + push.Body), push.Authorization);
        Assert.Equal(orders[0].GetProperty("order_id").GetString(), JsonDocument.Parse(push.Body).RootElement.GetProperty("data").GetProperty("trade_order_id").GetString());
    }

    [Fact]
    public async Task Dropped_pushes_are_recorded_as_dropped_and_never_sent()
    {
        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/webhooks", new { Vendor = "TikTok", Url = receiverUrl + "/webhooks/tiktok" }, Ct);
        await sandbox.Http.PutAsJsonAsync("/sandbox/admin/faults/TikTok", new { DroppedWebhooks = 1.0 }, Ct);
        await sandbox.Http.PostAsync("/sandbox/admin/shops/TikTok/7000001/orders?count=2", null, Ct);
        await Task.Delay(500, Ct);
        var recorded = await sandbox.Json(await sandbox.Http.GetAsync("/sandbox/recorded/webhooks", Ct));
        Assert.Equal(2, recorded.EnumerateArray().Count(w => w.GetProperty("vendor").GetString() == "TikTok" && w.GetProperty("dropped").GetBoolean()));
        Assert.DoesNotContain(received, r => r.Path == "/webhooks/tiktok");

        await sandbox.Http.PutAsJsonAsync("/sandbox/admin/faults/TikTok", new { }, Ct);
        await sandbox.Http.PostAsync("/sandbox/admin/shops/TikTok/7000001/orders?count=1", null, Ct);
        var push = await Next(p => p == "/webhooks/tiktok");
        Assert.Equal(Sandbox.Hmac(Sandbox.TikTokSecret, Sandbox.TikTokKey + push.Body), push.Authorization);
        Assert.Equal(1, JsonDocument.Parse(push.Body).RootElement.GetProperty("type").GetInt32());
    }

    [Fact]
    public async Task Ghtk_pushes_are_form_encoded_to_the_hash_url()
    {
        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/webhooks", new { Vendor = "Ghtk", Url = receiverUrl + "/webhooks/ghtk?hash=s3cret" }, Ct);
        var request = new HttpRequestMessage(HttpMethod.Post, "/ghtk/services/shipment/order/?ver=1.5")
        {
            Content = JsonContent.Create(new
            {
                products = new[] { new { name = "Áo", weight = 0.2, quantity = 1 } },
                order = new { id = "SH-W1", pick_name = "Kho", pick_money = 0, pick_address = "1 A", pick_province = "Hà Nội", pick_district = "Ba Đình", pick_tel = "0987654321", name = "Lan", address = "2 B", province = "Hà Nội", district = "Đống Đa", ward = "Láng", street = "Láng", tel = "0912345678", value = 100000 },
            }),
        };
        request.Headers.Add("Token", "ghtk-sandbox-token-0001");
        var label = (await sandbox.Json(await sandbox.Http.SendAsync(request, Ct))).GetProperty("order").GetProperty("label").GetString();
        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/clock/advance", new { Minutes = 31 }, Ct);

        var push = await Next(p => p == "/webhooks/ghtk");
        Assert.Equal("?hash=s3cret", push.Query);
        Assert.StartsWith("application/x-www-form-urlencoded", push.ContentType);
        var form = System.Web.HttpUtility.ParseQueryString(push.Body);
        Assert.Equal(label, form["label_id"]);
        Assert.Equal("SH-W1", form["partner_id"]);
        Assert.Equal("12", form["status_id"]);
    }

    [Fact]
    public async Task A_ghn_status_set_by_the_admin_is_pushed_and_an_unknown_one_refused()
    {
        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/webhooks", new { Vendor = "Ghn", Url = receiverUrl + "/webhooks/ghn/s3cret" }, Ct);
        var create = new HttpRequestMessage(HttpMethod.Post, "/ghn/shiip/public-api/v2/shipping-order/create")
        {
            Content = JsonContent.Create(new
            {
                payment_type_id = 2, required_note = "KHONGCHOXEMHANG", to_name = "Võ Thị Yến", to_phone = "0912345678", to_address = "5 Quang Trung",
                to_ward_name = "Phường Sài Gòn", to_district_name = "", to_province_name = "Thành phố Hồ Chí Minh", weight = 500, service_type_id = 2,
                client_order_code = "SH-W-GHN", cod_amount = 0,
            }),
        };
        create.Headers.Add("Token", "ghn-sandbox-token-0001");
        create.Headers.Add("ShopId", "885001");
        var code = (await sandbox.Json(await sandbox.Http.SendAsync(create, Ct))).GetProperty("data").GetProperty("order_code").GetString();

        Assert.Equal(HttpStatusCode.BadRequest, (await sandbox.Http.PutAsJsonAsync($"/sandbox/admin/waybills/{code}/status", new { Status = "teleported" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await sandbox.Http.PutAsJsonAsync($"/sandbox/admin/waybills/{code}/status", new { Status = "5" }, Ct)).StatusCode); // a GHTK status
        Assert.Equal(HttpStatusCode.NoContent, (await sandbox.Http.PutAsJsonAsync($"/sandbox/admin/waybills/{code}/status", new { Status = "damage" }, Ct)).StatusCode);

        JsonElement[] Pushed() => received.Where(r => r.Path == "/webhooks/ghn/s3cret").Select(r => JsonDocument.Parse(r.Body).RootElement).ToArray();
        for (var i = 0; i < 100 && !Pushed().Any(b => b.GetProperty("Type").GetString() == "switch_status"); i++) await Task.Delay(100, Ct);
        var body = Assert.Single(Pushed(), b => b.GetProperty("Type").GetString() == "switch_status"); // nothing was pushed for the refused ones
        Assert.Equal(code, body.GetProperty("OrderCode").GetString());
        Assert.Equal("SH-W-GHN", body.GetProperty("ClientOrderCode").GetString());
        Assert.Equal("damage", body.GetProperty("Status").GetString());
    }
}
