using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SellerHub.Channels;

namespace SellerHub.Integrations.Shopee;

/// <summary>
/// Shopee Open Platform v2. Signs every call (HMAC-SHA256 over partner_id + path + timestamp
/// [+ access_token + shop_id]), refreshes the 4-hour token before it lapses and once on error_auth,
/// pages with cursors in ≤ 15-day windows, and batches detail (50) and stock (50 models per item).
/// </summary>
public sealed class ShopeeChannel(IHttpClientFactory http, TimeProvider clock) : ISalesChannel
{
    public const string Vendor = "Shopee";
    private const int DetailBatch = 50;
    private const int StockBatch = 50;
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(10);
    private const string DetailFields = "buyer_username,recipient_address,item_list,package_list,total_amount,payment_method,pay_time,cancel_by,cancel_reason,buyer_cancel_reason,estimated_shipping_fee,message_to_seller";

    public ChannelType Channel => ChannelType.Shopee;

    // ---- authorisation -----------------------------------------------------------------

    /// <summary>The link the seller opens to authorise SellerHub; Shopee returns to <paramref name="redirect"/> with code and shop_id.</summary>
    public string AuthorizationUrl(ChannelApp app, string redirect)
    {
        const string path = "/api/v2/shop/auth_partner";
        var ts = Now();
        return $"{app.BaseUrl.TrimEnd('/')}{path}?partner_id={app.Key}&timestamp={ts}&sign={Sign(app, $"{app.Key}{path}{ts}")}&redirect={Uri.EscapeDataString(redirect)}";
    }

    public async Task<ChannelTokens> ExchangeCodeAsync(ChannelApp app, string code, string shopId, CancellationToken ct)
    {
        var body = await PublicPost(app, "/api/v2/auth/token/get", new { code, shop_id = long.Parse(shopId), partner_id = long.Parse(app.Key) }, ct);
        return Tokens(body);
    }

    private async Task<ChannelTokens> RefreshAsync(ChannelAccount account, CancellationToken ct)
    {
        JsonNode body;
        try
        {
            body = await PublicPost(account.App, "/api/v2/auth/access_token/get",
                new { refresh_token = account.Tokens.RefreshToken, shop_id = long.Parse(account.MarketplaceShopId), partner_id = long.Parse(account.App.Key) }, ct);
        }
        catch (ChannelException e) when (e.Kind is ChannelErrorKind.Unauthorized or ChannelErrorKind.InvalidRequest)
        {
            throw new ChannelException(ChannelErrorKind.NeedsReauthorisation, Vendor, e.Code, e.VendorMessage);
        }
        var tokens = Tokens(body);
        account.Tokens = tokens;
        if (account.TokensRefreshed is { } stored) await stored(tokens, ct);
        return tokens;
    }

    private ChannelTokens Tokens(JsonNode body)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new ChannelTokens(body["access_token"]!.GetValue<string>(), now.AddSeconds(body["expire_in"]!.GetValue<int>()),
            body["refresh_token"]!.GetValue<string>(), now.AddDays(30));
    }

    // ---- orders -----------------------------------------------------------------------

    public async Task<IReadOnlyList<ChannelOrderRef>> ListChangedOrdersAsync(ChannelAccount account, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var found = new Dictionary<string, ChannelOrderRef>();
        for (var windowStart = fromUtc; windowStart < toUtc; windowStart = windowStart.AddDays(15))
        {
            var windowEnd = Min(windowStart.AddDays(15), toUtc);
            var cursor = "";
            do
            {
                var page = await ShopGet(account, "/api/v2/order/get_order_list", new()
                {
                    ["time_range_field"] = "update_time", ["time_from"] = Unix(windowStart).ToString(), ["time_to"] = Unix(windowEnd).ToString(),
                    ["page_size"] = "100", ["cursor"] = cursor, ["response_optional_fields"] = "order_status",
                }, ct);
                foreach (var o in page["order_list"]!.AsArray())
                    found[o!["order_sn"]!.GetValue<string>()] = new ChannelOrderRef(o["order_sn"]!.GetValue<string>(), o["order_status"]?.GetValue<string>() ?? "", null);
                cursor = page["more"]!.GetValue<bool>() ? page["next_cursor"]!.GetValue<string>() : "";
            } while (cursor != "");
        }
        return found.Values.ToList();
    }

    public async Task<IReadOnlyList<ChannelOrder>> GetOrdersAsync(ChannelAccount account, IReadOnlyCollection<string> orderIds, CancellationToken ct)
    {
        var orders = new List<ChannelOrder>();
        foreach (var batch in orderIds.Distinct().Chunk(DetailBatch))
        {
            var page = await ShopGet(account, "/api/v2/order/get_order_detail", new()
            {
                ["order_sn_list"] = string.Join(',', batch), ["response_optional_fields"] = DetailFields,
            }, ct);
            orders.AddRange(page["order_list"]!.AsArray().Select(o => Http.OrderPayload.Read(o, "order_sn", ToOrder)));
        }
        return orders;
    }

    public Task AnswerBuyerCancellationAsync(ChannelAccount account, ChannelOrder order, bool accept, CancellationToken ct) =>
        ShopPost(account, "/api/v2/order/handle_buyer_cancellation", new { order_sn = order.OrderId, operation = accept ? "ACCEPT" : "REJECT" }, ct);

    public Task CancelOrderAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct) =>
        ShopPost(account, "/api/v2/order/cancel_order", new
        {
            order_sn = order.OrderId, cancel_reason = "OUT_OF_STOCK",
            item_list = order.Lines.Select(l => new { item_id = long.Parse(l.ListingId), model_id = long.Parse(l.ModelId ?? "0") }),
        }, ct);

    /// <summary>Pickup at the shop's default pickup address, in the first slot Shopee offers.</summary>
    public async Task<string> ArrangeShipmentAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct)
    {
        var parameters = await ShopGet(account, "/api/v2/logistics/get_shipping_parameter", new() { ["order_sn"] = order.OrderId }, ct);
        var addresses = parameters["pickup"]?["address_list"]?.AsArray() ?? [];
        var address = addresses.FirstOrDefault(a => a!["address_flag"]!.AsArray().Any(f => f!.GetValue<string>() == "pickup_address")) ?? addresses.FirstOrDefault();
        object shipment = address is null
            ? new { order_sn = order.OrderId, dropoff = new { } }
            : new
            {
                order_sn = order.OrderId,
                pickup = new { address_id = address["address_id"]!.GetValue<long>(), pickup_time_id = address["time_slot_list"]![0]!["pickup_time_id"]!.GetValue<string>() },
            };
        await ShopPost(account, "/api/v2/logistics/ship_order", shipment, ct);
        var tracking = await ShopGet(account, "/api/v2/logistics/get_tracking_number", new() { ["order_sn"] = order.OrderId }, ct);
        return tracking["tracking_number"]!.GetValue<string>();
    }

    /// <summary>Shopee's four AWB steps: parameters, create, poll until READY, download the PDF.</summary>
    public async Task<byte[]> GetShippingLabelAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct)
    {
        var list = new { order_list = new[] { new { order_sn = order.OrderId } } };
        var parameters = await ShopPost(account, "/api/v2/logistics/get_shipping_document_parameter", list, ct);
        var type = parameters["result_list"]?[0]?["suggest_shipping_document_type"]?.GetValue<string>() ?? "THERMAL_AIR_WAYBILL";
        var created = await ShopPost(account, "/api/v2/logistics/create_shipping_document",
            new { order_list = new[] { new { order_sn = order.OrderId, shipping_document_type = type } } }, ct);
        if (created["result_list"]?[0]?["fail_error"]?.GetValue<string>() is { Length: > 0 } failure)
            throw new ChannelException(ChannelErrorKind.Refused, Vendor, failure, created["result_list"]![0]!["fail_message"]?.GetValue<string>() ?? "");
        for (var attempt = 0; ; attempt++)
        {
            var result = await ShopPost(account, "/api/v2/logistics/get_shipping_document_result", list, ct);
            var status = result["result_list"]?[0]?["status"]?.GetValue<string>();
            if (status == "READY") break;
            if (status == "FAILED" || attempt >= 10)
                throw new ChannelException(ChannelErrorKind.Refused, Vendor, "shipping_document_failed", $"The air waybill is {status}.");
            await Task.Delay(TimeSpan.FromMilliseconds(300 * (attempt + 1)), clock, ct);
        }
        using var response = await Send(account, HttpMethod.Post, "/api/v2/logistics/download_shipping_document", null, list, ct);
        if (response.Content.Headers.ContentType?.MediaType == "application/pdf") return await response.Content.ReadAsByteArrayAsync(ct);
        Unwrap(JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!);
        throw new ChannelException(ChannelErrorKind.Refused, Vendor, "not_pdf", "Shopee did not return a PDF.");
    }

    // ---- listings and stock ------------------------------------------------------------

    private static readonly string[] ItemStatuses = ["NORMAL", "BANNED", "UNLIST", "REVIEWING", "SELLER_DELETE", "SHOPEE_DELETE"];

    public async Task<IReadOnlyList<ChannelListing>> ListListingsAsync(ChannelAccount account, DateTime? changedSinceUtc, CancellationToken ct)
    {
        var ids = new List<long>();
        for (var offset = 0; ;)
        {
            var query = new Dictionary<string, string> { ["offset"] = offset.ToString(), ["page_size"] = "100" };
            // From alone (Shopee asks for it whenever update_time_to is given, not the reverse): no upper bound on our clock to miss an item by.
            if (changedSinceUtc is { } since) query["update_time_from"] = Unix(since).ToString();
            var page = await ShopGet(account, "/api/v2/product/get_item_list", query, ct, ItemStatuses.Select(s => ("item_status", s)));
            ids.AddRange(page["item"]!.AsArray().Select(i => i!["item_id"]!.GetValue<long>()));
            if (!page["has_next_page"]!.GetValue<bool>()) break;
            offset = page["next_offset"]!.GetValue<int>();
        }

        var listings = new List<ChannelListing>();
        foreach (var batch in ids.Chunk(DetailBatch))
        {
            var info = await ShopGet(account, "/api/v2/product/get_item_base_info", new() { ["item_id_list"] = string.Join(',', batch) }, ct);
            foreach (var item in info["item_list"]!.AsArray())
            {
                var id = item!["item_id"]!.GetValue<long>().ToString();
                var status = item["item_status"]!.GetValue<string>();
                var name = item["item_name"]!.GetValue<string>();
                if (!item["has_model"]!.GetValue<bool>())
                {
                    listings.Add(new ChannelListing(id, "0", Blank(item["item_sku"]), name, item["price_info"]?[0]?["current_price"]?.GetValue<decimal>(),
                        item["stock_info_v2"]?["seller_stock"]?[0]?["stock"]?.GetValue<int>(), status, status == "NORMAL"));
                    continue;
                }
                var models = await ShopGet(account, "/api/v2/product/get_model_list", new() { ["item_id"] = id }, ct);
                listings.AddRange(models["model"]!.AsArray().Select(m => new ChannelListing(id, m!["model_id"]!.GetValue<long>().ToString(), Blank(m["model_sku"]),
                    $"{name} ({m["model_name"]?.GetValue<string>()})", m["price_info"]?[0]?["current_price"]?.GetValue<decimal>(),
                    m["stock_info_v2"]?["seller_stock"]?[0]?["stock"]?.GetValue<int>(), status, status == "NORMAL")));
            }
        }
        return listings;
    }

    /// <summary>One update_stock call per item and 50 models; failures are reported per listing.</summary>
    public async Task<IReadOnlyList<StockPushResult>> PushStockAsync(ChannelAccount account, IReadOnlyList<StockPush> pushes, CancellationToken ct)
    {
        var results = new List<StockPushResult>();
        foreach (var item in pushes.GroupBy(p => p.ListingId))
            foreach (var batch in item.Chunk(StockBatch))
            {
                var response = await ShopPost(account, "/api/v2/product/update_stock", new
                {
                    item_id = long.Parse(item.Key),
                    stock_list = batch.Select(p => new { model_id = long.Parse(p.ModelId ?? "0"), seller_stock = new[] { new { stock = p.Quantity } } }),
                }, ct);
                var failures = response["failure_list"]?.AsArray().ToDictionary(f => f!["model_id"]!.GetValue<long>().ToString(), f => f!["failed_reason"]?.GetValue<string>()) ?? [];
                results.AddRange(batch.Select(p => failures.TryGetValue(p.ModelId ?? "0", out var reason)
                    ? new StockPushResult(p, false, reason, IsPromotionLock(reason))
                    : new StockPushResult(p, true, null)));
            }
        return results;
    }

    /// <summary>Shopee's failure_list gives a reason in words only; a promotion holding the stock is told by them.</summary>
    private static bool IsPromotionLock(string? reason) =>
        reason is not null && (reason.Contains("promotion", StringComparison.OrdinalIgnoreCase) || reason.Contains("locked", StringComparison.OrdinalIgnoreCase));

    // ---- wire ---------------------------------------------------------------------------

    private static ChannelOrder ToOrder(JsonNode o)
    {
        var address = o["recipient_address"];
        var status = o["order_status"]!.GetValue<string>();
        var lines = o["item_list"]?.AsArray().Select((l, i) => new ChannelOrderLine(
            $"{l!["item_id"]}-{l["model_id"]}-{i}", l["item_id"]!.GetValue<long>().ToString(), l["model_id"]!.GetValue<long>().ToString(),
            Blank(l["model_sku"]) ?? Blank(l["item_sku"]), l["item_name"]?.GetValue<string>() ?? "", l["model_quantity_purchased"]!.GetValue<int>(),
            l["model_original_price"]?.GetValue<decimal>() ?? l["model_discounted_price"]!.GetValue<decimal>(), l["model_discounted_price"]!.GetValue<decimal>())).ToList() ?? [];
        var total = o["total_amount"]?.GetValue<decimal>() ?? 0;
        var cod = o["cod"]?.GetValue<bool>() == true;
        return new ChannelOrder(
            o["order_sn"]!.GetValue<string>(), status, o["buyer_username"]?.GetValue<string>(),
            new ChannelRecipient(Blank(address?["name"]), Blank(address?["phone"]), Blank(address?["full_address"]), Blank(address?["state"]),
                Blank(address?["district"]), Blank(address?["city"]) ?? Blank(address?["town"]), null),
            lines, o["estimated_shipping_fee"]?.GetValue<decimal>() ?? 0, o["voucher_from_seller"]?.GetValue<decimal>() ?? 0, total, cod ? total : 0,
            o["payment_method"]?.GetValue<string>(), Blank(o["message_to_seller"]),
            FromUnix(o["create_time"]!.GetValue<long>()), FromUnix(o["update_time"]!.GetValue<long>()),
            o["ship_by_date"] is { } shipBy ? FromUnix(shipBy.GetValue<long>()) : null,
            status == "IN_CANCEL", null, o["package_list"]?.AsArray().FirstOrDefault()?["package_number"]?.GetValue<string>(), null, o.ToJsonString());
    }

    private Task<JsonNode> ShopGet(ChannelAccount account, string path, Dictionary<string, string> query, CancellationToken ct,
        IEnumerable<(string, string)>? repeated = null) => Call(account, HttpMethod.Get, path, query, null, ct, repeated);

    private Task<JsonNode> ShopPost(ChannelAccount account, string path, object body, CancellationToken ct) =>
        Call(account, HttpMethod.Post, path, null, body, ct);

    /// <summary>A shop call: refreshes a token about to lapse, and on error_auth refreshes once and tries again.</summary>
    private async Task<JsonNode> Call(ChannelAccount account, HttpMethod method, string path, Dictionary<string, string>? query, object? body,
        CancellationToken ct, IEnumerable<(string, string)>? repeated = null)
    {
        if (account.Tokens.AccessExpiresAt - RefreshAhead < clock.GetUtcNow().UtcDateTime) await RefreshAsync(account, ct);
        for (var refreshed = false; ; refreshed = true)
        {
            using var response = await Send(account, method, path, query, body, ct, repeated);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            try
            {
                return Unwrap(json);
            }
            catch (ChannelException e) when (e.Kind == ChannelErrorKind.Unauthorized && !refreshed)
            {
                await RefreshAsync(account, ct);
            }
        }
    }

    private async Task<HttpResponseMessage> Send(ChannelAccount account, HttpMethod method, string path, Dictionary<string, string>? query, object? body,
        CancellationToken ct, IEnumerable<(string, string)>? repeated = null)
    {
        var ts = Now();
        var sign = Sign(account.App, $"{account.App.Key}{path}{ts}{account.Tokens.AccessToken}{account.MarketplaceShopId}");
        var url = new StringBuilder($"{account.App.BaseUrl.TrimEnd('/')}{path}?partner_id={account.App.Key}&timestamp={ts}&sign={sign}")
            .Append($"&access_token={Uri.EscapeDataString(account.Tokens.AccessToken)}&shop_id={account.MarketplaceShopId}");
        foreach (var (key, value) in query ?? []) url.Append('&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        foreach (var (key, value) in repeated ?? []) url.Append('&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        var request = new HttpRequestMessage(method, url.ToString());
        request.Options.Set(Http.VendorHttp.ShopKey, account.ShopId);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await Transport(() => http.CreateClient(Vendor).SendAsync(request, ct));
    }

    /// <summary>When the retries are spent on a dead network or timeouts, say so in SellerHub's terms.</summary>
    private static async Task<HttpResponseMessage> Transport(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new ChannelException(ChannelErrorKind.Unavailable, Vendor, e is HttpRequestException ? "network" : "timeout", e.Message);
        }
    }

    private async Task<JsonNode> PublicPost(ChannelApp app, string path, object body, CancellationToken ct)
    {
        var ts = Now();
        var url = $"{app.BaseUrl.TrimEnd('/')}{path}?partner_id={app.Key}&timestamp={ts}&sign={Sign(app, $"{app.Key}{path}{ts}")}";
        using var response = await Transport(() => http.CreateClient(Vendor).PostAsJsonAsync(url, body, ct));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Unwrap(json);
        return json;
    }

    /// <summary>The response, or Shopee's error as a typed exception with its code and message.</summary>
    private static JsonNode Unwrap(JsonNode json)
    {
        var error = json["error"]?.GetValue<string>() ?? "";
        if (error == "") return json["response"] ?? json;
        var message = json["message"]?.GetValue<string>() ?? "";
        var kind = error switch
        {
            "error_auth" or "error_permission" or "invalid_acceess_token" => ChannelErrorKind.Unauthorized,
            "error_sign" or "error_param" => ChannelErrorKind.InvalidRequest,
            "error_not_found" => ChannelErrorKind.NotFound,
            "error_server" => ChannelErrorKind.Unavailable,
            "error_busi_limit" => ChannelErrorKind.RateLimited,
            _ => ChannelErrorKind.Refused,
        };
        throw new ChannelException(kind, Vendor, error, message);
    }

    private static string Sign(ChannelApp app, string baseString) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(app.Secret), Encoding.UTF8.GetBytes(baseString)));

    private long Now() => clock.GetUtcNow().ToUnixTimeSeconds();
    private static long Unix(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();
    private static DateTime FromUnix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
    private static string? Blank(JsonNode? node) => node?.GetValue<string>() is { Length: > 0 } s ? s : null;
}
