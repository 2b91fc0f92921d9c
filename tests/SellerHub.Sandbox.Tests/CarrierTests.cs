namespace SellerHub.Sandbox.Tests;

public sealed class CarrierTests(Sandbox sandbox) : IClassFixture<Sandbox>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpRequestMessage Ghn(string path, object body, string token = "ghn-sandbox-token-0001")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ghn/shiip/public-api" + path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Token", token);
        request.Headers.Add("ShopId", "885001");
        return request;
    }

    private static object GhnOrder(string clientCode) => new
    {
        payment_type_id = 2, required_note = "CHOXEMHANGKHONGTHU", to_name = "Nguyễn Thị Lan", to_phone = "0912345678",
        to_address = "12 Lê Lợi", to_ward_name = "Phường Sài Gòn", to_district_name = "", to_province_name = "Thành phố Hồ Chí Minh",
        weight = 800, service_type_id = 2, client_order_code = clientCode, cod_amount = 250000,
    };

    private HttpRequestMessage Ghtk(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, "/ghtk/services" + path);
        if (body is not null) request.Content = JsonContent.Create(body);
        request.Headers.Add("Token", "ghtk-sandbox-token-0001");
        return request;
    }

    private static object GhtkOrder(string id) => new
    {
        products = new[] { new { name = "Áo thun", weight = 0.3, quantity = 2 } },
        order = new
        {
            id, pick_name = "Kho Sài Gòn", pick_money = 199000, pick_address = "12 Lê Lợi", pick_province = "TP Hồ Chí Minh", pick_district = "Quận 1", pick_tel = "0987654321",
            name = "Trần Văn Nam", address = "45 Nguyễn Trãi", province = "Hà Nội", district = "Quận Thanh Xuân", ward = "Phường Khương Trung", hamlet = "Khác", tel = "0912345678", value = 199000,
        },
    };

    [Fact]
    public async Task Ghn_create_is_idempotent_by_client_order_code()
    {
        var first = await sandbox.Json(await sandbox.Http.SendAsync(Ghn("/v2/shipping-order/create", GhnOrder("SH-1001")), Ct));
        var second = await sandbox.Json(await sandbox.Http.SendAsync(Ghn("/v2/shipping-order/create", GhnOrder("SH-1001")), Ct));
        Assert.Equal(200, first.GetProperty("code").GetInt32());
        Assert.Equal(first.GetProperty("data").GetProperty("order_code").GetString(), second.GetProperty("data").GetProperty("order_code").GetString());

        var waybills = await sandbox.Json(await sandbox.Http.GetAsync("/sandbox/recorded/waybills", Ct));
        var recorded = Assert.Single(waybills.EnumerateArray(), w => w.GetProperty("client_order_code").GetString() == "SH-1001");
        Assert.Equal(2, recorded.GetProperty("create_calls").GetInt32());

        var byClient = await sandbox.Json(await sandbox.Http.SendAsync(Ghn("/v2/shipping-order/detail-by-client-code", new { client_order_code = "SH-1001" }), Ct));
        Assert.Equal(first.GetProperty("data").GetProperty("order_code").GetString(), byClient.GetProperty("data").GetProperty("order_code").GetString());
    }

    [Fact]
    public async Task Ghn_refuses_bad_input_and_a_wrong_token()
    {
        var missing = await sandbox.Http.SendAsync(Ghn("/v2/shipping-order/create", new { payment_type_id = 1, required_note = "KHONGCHOXEMHANG", weight = 500 }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("USER_ERR_COMMON", (await sandbox.Json(missing)).GetProperty("code_message").GetString());

        var unauthorized = await sandbox.Http.SendAsync(Ghn("/v2/shipping-order/create", GhnOrder("SH-X"), token: "wrong"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task Ghn_cancels_only_before_pickup()
    {
        var early = (await sandbox.Json(await sandbox.Http.SendAsync(Ghn("/v2/shipping-order/create", GhnOrder("SH-2001")), Ct))).GetProperty("data").GetProperty("order_code").GetString();
        var cancelled = await sandbox.Json(await sandbox.Http.SendAsync(Ghn("/v2/switch-status/cancel", new { order_codes = new[] { early } }), Ct));
        Assert.True(cancelled.GetProperty("data")[0].GetProperty("result").GetBoolean());

        var late = (await sandbox.Json(await sandbox.Http.SendAsync(Ghn("/v2/shipping-order/create", GhnOrder("SH-2002")), Ct))).GetProperty("data").GetProperty("order_code").GetString();
        for (var i = 0; i < 4; i++) await sandbox.Http.PostAsJsonAsync("/sandbox/admin/clock/advance", new { Minutes = 31 }, Ct); // picking → picked → storing
        var refused = await sandbox.Json(await sandbox.Http.SendAsync(Ghn("/v2/switch-status/cancel", new { order_codes = new[] { late } }), Ct));
        Assert.False(refused.GetProperty("data")[0].GetProperty("result").GetBoolean());
        Assert.Contains("Không thể hủy", refused.GetProperty("data")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Ghtk_answers_a_repeated_order_id_with_the_existing_label()
    {
        var first = await sandbox.Json(await sandbox.Http.SendAsync(Ghtk(HttpMethod.Post, "/shipment/order/?ver=1.5", GhtkOrder("SH-3001")), Ct));
        Assert.True(first.GetProperty("success").GetBoolean());
        var label = first.GetProperty("order").GetProperty("label").GetString();

        var again = await sandbox.Json(await sandbox.Http.SendAsync(Ghtk(HttpMethod.Post, "/shipment/order/?ver=1.5", GhtkOrder("SH-3001")), Ct));
        Assert.False(again.GetProperty("success").GetBoolean());
        Assert.Equal("ORDER_ID_EXIST", again.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(label, again.GetProperty("error").GetProperty("ghtk_label").GetString());

        var pdf = await sandbox.Http.SendAsync(Ghtk(HttpMethod.Get, $"/label/{label}?paper_size=A6"), Ct);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-1.4", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(Ct))[..8]);
    }

    [Fact]
    public async Task Ghtk_cancels_only_in_states_1_2_and_12()
    {
        var label = (await sandbox.Json(await sandbox.Http.SendAsync(Ghtk(HttpMethod.Post, "/shipment/order/?ver=1.5", GhtkOrder("SH-4001")), Ct))).GetProperty("order").GetProperty("label").GetString();
        for (var i = 0; i < 3; i++) await sandbox.Http.PostAsJsonAsync("/sandbox/admin/clock/advance", new { Minutes = 31 }, Ct); // 2 → 12 → 3
        var status = await sandbox.Json(await sandbox.Http.SendAsync(Ghtk(HttpMethod.Get, "/shipment/v2/partner_id:SH-4001"), Ct));
        Assert.Equal("3", status.GetProperty("order").GetProperty("status").GetString());

        var refused = await sandbox.Json(await sandbox.Http.SendAsync(Ghtk(HttpMethod.Post, $"/shipment/cancel/{label}"), Ct));
        Assert.False(refused.GetProperty("success").GetBoolean());
        Assert.Equal("50101", refused.GetProperty("error_code").GetString());

        var fresh = (await sandbox.Json(await sandbox.Http.SendAsync(Ghtk(HttpMethod.Post, "/shipment/order/?ver=1.5", GhtkOrder("SH-4002")), Ct))).GetProperty("order").GetProperty("label").GetString();
        Assert.True((await sandbox.Json(await sandbox.Http.SendAsync(Ghtk(HttpMethod.Post, "/shipment/cancel/partner_id:SH-4002"), Ct))).GetProperty("success").GetBoolean());
        Assert.NotNull(fresh);
    }
}
