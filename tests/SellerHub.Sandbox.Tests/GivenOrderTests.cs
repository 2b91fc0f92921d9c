namespace SellerHub.Sandbox.Tests;

/// <summary>"Create a given order": the order the admin describes is the one each marketplace's own endpoints then show.</summary>
public sealed class GivenOrderTests(Sandbox sandbox) : IClassFixture<Sandbox>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Buyer = "Phạm Thị Hồng";
    private static readonly object Recipient = new
    {
        Name = "Lê Văn Tám", Phone = "0987123456", Street = "88 Hàng Bạc", Ward = "Phường Hoàn Kiếm", District = (string?)null, Province = "Thành phố Hà Nội",
    };

    /// <summary>An item with variants (its second model, two pieces) and one without (one piece), from the shop's own catalog.</summary>
    private async Task<(long VariantItem, long Model, string? ModelSku, long PlainItem)> Catalog(string vendor)
    {
        var shops = await sandbox.Json(await sandbox.Http.GetAsync("/sandbox/admin/shops", Ct));
        var items = shops.EnumerateArray().First(s => s.GetProperty("vendor").GetString() == vendor).GetProperty("items").EnumerateArray().ToList();
        var variant = items.First(i => i.GetProperty("models").GetArrayLength() > 1 && i.GetProperty("sku").ValueKind == JsonValueKind.String);
        var plain = items.First(i => i.GetProperty("models")[0].GetProperty("model_id").GetInt64() == 0 && i.GetProperty("status").GetString() == "NORMAL");
        var model = variant.GetProperty("models")[1];
        return (variant.GetProperty("item_id").GetInt64(), model.GetProperty("model_id").GetInt64(), model.GetProperty("sku").GetString(), plain.GetProperty("item_id").GetInt64());
    }

    private async Task<string> Create(string vendor, long shop, long variantItem, long model, long plainItem, bool cod)
    {
        var response = await sandbox.Http.PostAsJsonAsync($"/sandbox/admin/shops/{vendor}/{shop}/orders/given", new
        {
            Lines = new object[] { new { ItemId = variantItem, ModelId = model, Quantity = 2, Price = 150000m }, new { ItemId = plainItem, Quantity = 1, Price = 80000m } },
            Buyer, Recipient, Cod = cod, Voucher = 20000m, ShippingFee = 25000m, Note = "Gọi trước khi giao",
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await sandbox.Json(response)).GetProperty("order_id").GetString()!;
    }

    [Fact]
    public async Task Shopee_shows_the_given_order_in_its_list_and_detail()
    {
        var (variantItem, model, _, plainItem) = await Catalog("Shopee");
        var orderSn = await Create("Shopee", Sandbox.ShopeeShop, variantItem, model, plainItem, cod: true);
        var token = await sandbox.ShopeeToken();

        var list = await sandbox.Json(await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/order/get_order_list", token, Sandbox.ShopeeShop,
            $"&time_range_field=create_time&time_from={Sandbox.Now - 600}&time_to={Sandbox.Now + 60}&page_size=100&order_status=READY_TO_SHIP"), Ct));
        Assert.Contains(list.GetProperty("response").GetProperty("order_list").EnumerateArray(), o => o.GetProperty("order_sn").GetString() == orderSn);

        var detail = await sandbox.Json(await sandbox.Http.GetAsync(sandbox.ShopeeUrl("/api/v2/order/get_order_detail", token, Sandbox.ShopeeShop,
            $"&order_sn_list={orderSn}&response_optional_fields=buyer_username,recipient_address,item_list,total_amount,payment_method,estimated_shipping_fee"), Ct));
        var order = Assert.Single(detail.GetProperty("response").GetProperty("order_list").EnumerateArray());
        Assert.Equal("READY_TO_SHIP", order.GetProperty("order_status").GetString());
        Assert.True(order.GetProperty("cod").GetBoolean());
        Assert.Equal("Cash on Delivery", order.GetProperty("payment_method").GetString());
        Assert.Equal("phạm_thị_hồng", order.GetProperty("buyer_username").GetString());
        Assert.Equal("Gọi trước khi giao", order.GetProperty("message_to_seller").GetString());
        var address = order.GetProperty("recipient_address");
        Assert.Equal("Lê Văn Tám", address.GetProperty("name").GetString());
        Assert.Equal("0987123456", address.GetProperty("phone").GetString());
        Assert.Equal("88 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội", address.GetProperty("full_address").GetString());
        Assert.Equal(25000m, order.GetProperty("estimated_shipping_fee").GetDecimal());
        Assert.Equal(20000m, order.GetProperty("voucher_from_seller").GetDecimal());
        Assert.Equal(2 * 150000m + 80000m + 25000m - 20000m, order.GetProperty("total_amount").GetDecimal());
        var items = order.GetProperty("item_list").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal((variantItem, model, 2), (items[0].GetProperty("item_id").GetInt64(), items[0].GetProperty("model_id").GetInt64(), items[0].GetProperty("model_quantity_purchased").GetInt32()));
        Assert.Equal((plainItem, 0L, 1), (items[1].GetProperty("item_id").GetInt64(), items[1].GetProperty("model_id").GetInt64(), items[1].GetProperty("model_quantity_purchased").GetInt32()));
    }

    [Fact]
    public async Task Lazada_shows_the_given_order_in_its_list_order_and_items()
    {
        var (variantItem, model, modelSku, plainItem) = await Catalog("Lazada");
        var orderId = await Create("Lazada", 300001, variantItem, model, plainItem, cod: false);
        var token = await sandbox.LazadaToken();

        var list = await sandbox.Json(await sandbox.Lazada("/orders/get", new() { ["created_after"] = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm:sszzz") }, token));
        Assert.Contains(list.GetProperty("data").GetProperty("orders").EnumerateArray(), o => o.GetProperty("order_id").GetInt64().ToString() == orderId);

        var order = (await sandbox.Json(await sandbox.Lazada("/order/get", new() { ["order_id"] = orderId }, token))).GetProperty("data");
        Assert.Equal("pending", order.GetProperty("statuses")[0].GetString());
        Assert.Equal("MIXEDCARD", order.GetProperty("payment_method").GetString());
        Assert.Equal(Buyer, order.GetProperty("customer_first_name").GetString());
        Assert.Equal("25000.00", order.GetProperty("shipping_fee").GetString());
        Assert.Equal("20000.00", order.GetProperty("voucher").GetString());
        Assert.Equal("380000.00", order.GetProperty("price").GetString());
        var address = order.GetProperty("address_shipping");
        Assert.Equal(("Lê Văn Tám", "0987123456", "88 Hàng Bạc", "Phường Hoàn Kiếm", "Thành phố Hà Nội"),
            (address.GetProperty("first_name").GetString(), address.GetProperty("phone").GetString(), address.GetProperty("address1").GetString(),
             address.GetProperty("address5").GetString(), address.GetProperty("address3").GetString()));

        var items = (await sandbox.Json(await sandbox.Lazada("/order/items/get", new() { ["order_id"] = orderId }, token))).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal((model, modelSku, 2, "150000.00"), (items[0].GetProperty("sku_id").GetInt64(), items[0].GetProperty("sku").GetString(), items[0].GetProperty("quantity").GetInt32(), items[0].GetProperty("paid_price").GetString()));
        Assert.Equal((plainItem, 1), (items[1].GetProperty("product_id").GetInt64(), items[1].GetProperty("quantity").GetInt32()));
    }

    [Fact]
    public async Task TikTok_shows_the_given_order_in_search_and_detail()
    {
        var (variantItem, model, modelSku, plainItem) = await Catalog("TikTok");
        var orderId = await Create("TikTok", 7000001, variantItem, model, plainItem, cod: true);
        var (token, cipher) = await sandbox.TikTokToken();

        var search = await sandbox.Json(await sandbox.TikTok(HttpMethod.Post, "/order/202309/orders/search", token,
            new() { ["page_size"] = "100", ["shop_cipher"] = cipher }, new { create_time_ge = Sandbox.Now - 600 }));
        Assert.Contains(search.GetProperty("data").GetProperty("orders").EnumerateArray(), o => o.GetProperty("id").GetString() == orderId);

        var detail = await sandbox.Json(await sandbox.TikTok(HttpMethod.Get, "/order/202309/orders", token, new() { ["ids"] = orderId, ["shop_cipher"] = cipher }));
        var order = Assert.Single(detail.GetProperty("data").GetProperty("orders").EnumerateArray());
        Assert.Equal("AWAITING_SHIPMENT", order.GetProperty("status").GetString());
        Assert.True(order.GetProperty("is_cod").GetBoolean());
        Assert.Equal("Gọi trước khi giao", order.GetProperty("buyer_message").GetString());
        var payment = order.GetProperty("payment");
        Assert.Equal(("25000", "20000", "385000"), (payment.GetProperty("shipping_fee").GetString(), payment.GetProperty("seller_discount").GetString(), payment.GetProperty("total_amount").GetString()));
        var address = order.GetProperty("recipient_address");
        Assert.Equal(("Lê Văn Tám", "0987123456", "88 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"),
            (address.GetProperty("name").GetString(), address.GetProperty("phone_number").GetString(), address.GetProperty("full_address").GetString()));
        // TikTok lists one line item per unit.
        var lines = order.GetProperty("line_items").EnumerateArray().ToList();
        Assert.Equal(2, lines.Count(l => l.GetProperty("sku_id").GetString() == model.ToString() && l.GetProperty("seller_sku").GetString() == modelSku));
        Assert.Single(lines, l => l.GetProperty("product_id").GetString() == plainItem.ToString());
    }

    [Fact]
    public async Task A_given_order_naming_an_unknown_model_is_refused()
    {
        var response = await sandbox.Http.PostAsJsonAsync("/sandbox/admin/shops/Shopee/200001/orders/given", new { Lines = new[] { new { Sku = "NO-SUCH-SKU", Quantity = 1 } } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var unpaid = await sandbox.Json(await sandbox.Http.PostAsJsonAsync("/sandbox/admin/shops/Shopee/200001/orders/given",
            new { Lines = new[] { new { Sku = "KCN-50", Quantity = 3 } }, Cod = false, Paid = false }, Ct));
        Assert.Equal("Unpaid", unpaid.GetProperty("state").GetString());
    }
}
