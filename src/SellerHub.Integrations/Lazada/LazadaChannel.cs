using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using SellerHub.Channels;

namespace SellerHub.Integrations.Lazada;

/// <summary>
/// Lazada Open Platform. Signs every call (sorted key+value pairs prefixed by the API path,
/// HMAC-SHA256, upper-case hex), refreshes tokens on IllegalAccessToken, pages by offset in
/// ascending update order re-windowed at each page, batches items (50) and pack/RTS/documents (20), and sends stock as XML (≤ 50 SKUs).
/// </summary>
public sealed class LazadaChannel(IHttpClientFactory http, TimeProvider clock) : ISalesChannel
{
    public const string Vendor = "Lazada";
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromHours(1);
    private const int PageSize = 100, PageOverlap = 10, MaxOffset = 5000, MaxRereads = 20;

    public ChannelType Channel => ChannelType.Lazada;

    public string AuthorizationUrl(ChannelApp app, string redirect, string state) =>
        $"{(app.AuthBaseUrl ?? "https://auth.lazada.com").TrimEnd('/')}/oauth/authorize?response_type=code&force_auth=true&redirect_uri={Uri.EscapeDataString(redirect)}&client_id={app.Key}&state={Uri.EscapeDataString(state)}";

    public async Task<(ChannelTokens Tokens, string SellerId)> ExchangeCodeAsync(ChannelApp app, string code, CancellationToken ct)
    {
        var json = await Call(app, AuthRest(app), "/auth/token/create", new() { ["code"] = code }, null, ct);
        return (Tokens(json), json["country_user_info"]![0]!["seller_id"]!.GetValue<string>());
    }

    private async Task RefreshAsync(ChannelAccount account, CancellationToken ct)
    {
        JsonNode json;
        try
        {
            json = await Call(account.App, AuthRest(account.App), "/auth/token/refresh", new() { ["refresh_token"] = account.Tokens.RefreshToken }, null, ct);
        }
        catch (ChannelException e) when (e.Kind is ChannelErrorKind.Unauthorized or ChannelErrorKind.InvalidRequest)
        {
            throw new ChannelException(ChannelErrorKind.NeedsReauthorisation, Vendor, e.Code, e.VendorMessage);
        }
        account.Tokens = Tokens(json);
        if (account.TokensRefreshed is { } stored) await stored(account.Tokens, ct);
    }

    private ChannelTokens Tokens(JsonNode json)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new ChannelTokens(json["access_token"]!.GetValue<string>(), now.AddSeconds(json["expires_in"]!.GetValue<int>()),
            json["refresh_token"]!.GetValue<string>(), now.AddSeconds(json["refresh_expires_in"]!.GetValue<int>()));
    }

    /// <summary>
    /// Offset pages sorted by update time, re-windowed at every page: the next call starts at the last
    /// update time seen, so the offset counts only orders of that one second (far below Lazada's cap of
    /// 5000) and an order updated meanwhile, which jumps to the end, cannot shift unseen ones behind us.
    /// Within that second the pages overlap; a page that does not begin with an order already seen has
    /// slid past some (orders of the second were updated), so the second is read again from its start.
    /// </summary>
    public async Task<IReadOnlyList<ChannelOrderRef>> ListChangedOrdersAsync(ChannelAccount account, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var found = new Dictionary<string, ChannelOrderRef>();
        var after = fromUtc;
        for (int offset = 0, rereads = 0; ;)
        {
            if (offset > MaxOffset || rereads > MaxRereads)
                throw new ChannelException(ChannelErrorKind.Refused, Vendor, "listing_unstable", $"Orders updated at {after:u} cannot be paged to the end (offset {offset}, {rereads} re-reads).");
            var data = await Seller(account, "/orders/get", new()
            {
                ["update_after"] = Iso(after), ["update_before"] = Iso(toUtc), ["sort_by"] = "updated_at", ["sort_direction"] = "ASC",
                ["offset"] = offset.ToString(), ["limit"] = PageSize.ToString(),
            }, ct);
            var page = data["orders"]!.AsArray().Select(o => new ChannelOrderRef(Id(o!["order_id"]), o["statuses"]![0]!.GetValue<string>(), Time(o["updated_at"]))).ToList();
            if (offset > 0 && page.Count > 0 && !found.ContainsKey(page[0].OrderId))
            {
                offset = 0;
                rereads++;
                continue;
            }
            foreach (var o in page) found[o.OrderId] = o;
            if (page.Count < PageSize) break;
            var last = page[^1].UpdatedAt!.Value;
            offset = Math.Max(0, (last == after ? offset + page.Count : page.Count(o => o.UpdatedAt == last)) - PageOverlap);
            after = last;
        }
        return found.Values.ToList();
    }

    public async Task<IReadOnlyList<ChannelOrder>> GetOrdersAsync(ChannelAccount account, IReadOnlyCollection<string> orderIds, CancellationToken ct)
    {
        var result = new List<ChannelOrder>();
        foreach (var batch in orderIds.Distinct().Chunk(50))
        {
            var items = (await Seller(account, "/orders/items/get", new() { ["order_ids"] = "[" + string.Join(',', batch) + "]" }, ct)).AsArray()
                .ToDictionary(o => Id(o!["order_id"]), o => o!["order_items"]!.AsArray());
            foreach (var id in batch)
            {
                var order = await Seller(account, "/order/get", new() { ["order_id"] = id }, ct);
                result.Add(Http.OrderPayload.Read(order, "order_id", o => ToOrder(o, items.GetValueOrDefault(id) ?? [])));
            }
        }
        return result;
    }

    public async Task AnswerBuyerCancellationAsync(ChannelAccount account, ChannelOrder order, bool accept, CancellationToken ct) =>
        await Seller(account, "/order/reverse/cancel/seller/decide", new()
        {
            ["reverse_order_id"] = order.CancelRequestId ?? throw new ChannelException(ChannelErrorKind.InvalidRequest, Vendor, "no_reverse_order", "The order has no pending cancellation."),
            ["agree_cancel"] = accept ? "true" : "false",
        }, ct);

    /// <summary>Validate first: it says whether the items can be cancelled and gives this country's reason ids; out of stock is preferred.</summary>
    public async Task CancelOrderAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct)
    {
        var items = "[" + string.Join(',', order.Lines.Select(l => l.LineId)) + "]";
        var check = await Seller(account, "/order/reverse/cancel/validate", new() { ["order_id"] = order.OrderId, ["order_item_id_list"] = items }, ct);
        var reasons = check["reason_options"]?.AsArray() ?? [];
        if (check["tip_type"]?.GetValue<string>() != "success" || reasons.Count == 0)
            throw new ChannelException(ChannelErrorKind.Refused, Vendor, "cancel_not_allowed", check["tip_content"]?.GetValue<string>() ?? "");
        var reason = reasons.FirstOrDefault(r => r!["reason_name"]!.GetValue<string>().Contains("stock", StringComparison.OrdinalIgnoreCase)) ?? reasons[0];
        await Seller(account, "/order/reverse/cancel/create", new()
        {
            ["order_id"] = order.OrderId, ["order_item_id_list"] = items, ["reason_id"] = Id(reason!["reason_id"]),
        }, ct);
    }

    /// <summary>Pack (dropship) then ready-to-ship; the tracking number comes from the pack answer.</summary>
    public async Task<string> ArrangeShipmentAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct)
    {
        var pack = await Seller(account, "/order/fulfill/pack", new()
        {
            ["packReq"] = JsonSerializer.Serialize(new
            {
                pack_order_list = new[] { new { order_id = order.OrderId, order_item_list = order.Lines.Select(l => l.LineId) } },
                delivery_type = "dropship", shipping_allocate_type = "TFS",
            }),
        }, ct);
        var item = pack["result"]!["data"]!["pack_order_list"]![0]!["order_item_list"]![0]!;
        if (item["item_err_code"]!.GetValue<string>() != "0")
            throw new ChannelException(ChannelErrorKind.Refused, Vendor, item["item_err_code"]!.GetValue<string>(), item["msg"]?.GetValue<string>() ?? "");
        var packageId = item["package_id"]!.GetValue<string>();
        var rts = await Seller(account, "/order/package/rts", new() { ["readyToShipReq"] = JsonSerializer.Serialize(new { packages = new[] { new { package_id = packageId } } }) }, ct);
        var package = rts["result"]!["data"]!["packages"]![0]!;
        if (package["item_err_code"]!.GetValue<string>() != "0")
            throw new ChannelException(ChannelErrorKind.Refused, Vendor, package["item_err_code"]!.GetValue<string>(), package["msg"]?.GetValue<string>() ?? "");
        return item["tracking_number"]!.GetValue<string>();
    }

    public async Task<byte[]> GetShippingLabelAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct)
    {
        var items = (await Seller(account, "/order/items/get", new() { ["order_id"] = order.OrderId }, ct)).AsArray();
        var packageId = items.Select(i => i!["package_id"]?.GetValue<string>()).FirstOrDefault(p => !string.IsNullOrEmpty(p))
            ?? throw new ChannelException(ChannelErrorKind.Refused, Vendor, "not_packed", "The order has no package yet.");
        var doc = await Seller(account, "/order/package/document/get", new()
        {
            ["getDocumentReq"] = JsonSerializer.Serialize(new { doc_type = "PDF", packages = new[] { new { package_id = packageId } }, print_item_list = false }),
        }, ct);
        return Convert.FromBase64String(doc["result"]!["data"]!["file"]!.GetValue<string>());
    }

    public async Task<IReadOnlyList<ChannelListing>> ListListingsAsync(ChannelAccount account, DateTime? changedSinceUtc, CancellationToken ct)
    {
        var listings = new List<ChannelListing>();
        for (var offset = 0; ; offset += 50)
        {
            var query = new Dictionary<string, string> { ["filter"] = "all", ["offset"] = offset.ToString(), ["limit"] = "50" };
            if (changedSinceUtc is { } since) query["update_after"] = Iso(since);
            var data = await Seller(account, "/products/get", query, ct);
            var products = data["products"]!.AsArray();
            foreach (var p in products)
            {
                var status = p!["status"]!.GetValue<string>();
                foreach (var sku in p["skus"]!.AsArray())
                    listings.Add(new ChannelListing(Id(p["item_id"]), Id(sku!["SkuId"]), Blank(sku["SellerSku"]), p["attributes"]?["name"]?.GetValue<string>() ?? "",
                        decimal.TryParse(sku["price"]?.ToString(), CultureInfo.InvariantCulture, out var price) ? price : null,
                        sku["quantity"]?.GetValue<int>(), status, status == "active"));
            }
            if (products.Count < 50) break;
        }
        return listings;
    }

    /// <summary>Stock as Lazada's XML payload, 50 SKUs a call; refused SKUs are reported one by one.</summary>
    public async Task<IReadOnlyList<StockPushResult>> PushStockAsync(ChannelAccount account, IReadOnlyList<StockPush> pushes, CancellationToken ct)
    {
        var results = new List<StockPushResult>();
        foreach (var batch in pushes.Chunk(50))
        {
            var payload = new XElement("Request", new XElement("Product", new XElement("Skus",
                batch.Select(p => new XElement("Sku", new XElement("ItemId", p.ListingId), new XElement("SkuId", p.ModelId), new XElement("SellableQuantity", p.Quantity))))));
            try
            {
                await Seller(account, "/product/stock/sellable/update", new() { ["payload"] = payload.ToString(SaveOptions.DisableFormatting) }, ct);
                results.AddRange(batch.Select(p => new StockPushResult(p, true, null)));
            }
            catch (ChannelException e) when (e.Kind == ChannelErrorKind.Refused && e.Details is { } details)
            {
                results.AddRange(batch.Select(p => details.TryGetValue(p.ModelId ?? "", out var why)
                    ? new StockPushResult(p, false, why, IsCampaignLock(why))
                    : new StockPushResult(p, true, null)));
            }
        }
        return results;
    }

    /// <summary>Lazada's per-SKU detail gives the reason in words only; a campaign holding the stock is told by them.</summary>
    private static bool IsCampaignLock(string reason) =>
        reason.Contains("campaign", StringComparison.OrdinalIgnoreCase) || reason.Contains("locked", StringComparison.OrdinalIgnoreCase);

    // ---- wire ---------------------------------------------------------------------------

    private static ChannelOrder ToOrder(JsonNode o, JsonArray items)
    {
        var address = o["address_shipping"];
        var status = o["statuses"]![0]!.GetValue<string>();
        var lines = items.Select(i => new ChannelOrderLine(Id(i!["order_item_id"]), Id(i["product_id"]), Id(i["sku_id"]), Blank(i["sku"]), i["name"]?.GetValue<string>() ?? "",
            i["quantity"]?.GetValue<int>() ?? 1, Money(i["item_price"]), Money(i["paid_price"]))).ToList();
        var subtotal = Money(o["price"]);
        var shipping = Money(o["shipping_fee"]);
        var voucher = Money(o["voucher"]);
        var total = subtotal + shipping - voucher;
        var cod = o["payment_method"]?.GetValue<string>() == "COD";
        return new ChannelOrder(Id(o["order_id"]), status, o["customer_first_name"]?.GetValue<string>(),
            new ChannelRecipient(Blank(address?["first_name"]), Blank(address?["phone"]),
                string.Join(", ", new[] { address?["address1"], address?["address5"], address?["address4"], address?["address3"] }.Select(Blank).Where(s => s is not null)),
                Blank(address?["address3"]), Blank(address?["address4"]), Blank(address?["address5"]), Blank(address?["address1"])),
            lines, shipping, voucher, total, cod ? total : 0, o["payment_method"]?.GetValue<string>(), Blank(o["remarks"]),
            Time(o["created_at"]), Time(o["updated_at"]), o["promised_shipping_times"] is { } p && Blank(p) is not null ? Time(p) : null,
            o["need_cancel_confirm"]?.ToString() == "true", items.Select(i => Blank(i!["reverse_order_id"])).FirstOrDefault(r => r is not null),
            items.Select(i => Blank(i!["package_id"])).FirstOrDefault(r => r is not null), items.Select(i => Blank(i!["tracking_code"])).FirstOrDefault(r => r is not null),
            o.ToJsonString(), items.Select(i => Blank(i!["cancel_trigger_time"])).FirstOrDefault(t => t is not null) is { } deadline ? Time(JsonValue.Create(deadline)) : null);
    }

    private async Task<JsonNode> Seller(ChannelAccount account, string api, Dictionary<string, string> parameters, CancellationToken ct)
    {
        if (account.Tokens.AccessExpiresAt - RefreshAhead < clock.GetUtcNow().UtcDateTime) await RefreshAsync(account, ct);
        for (var refreshed = false; ; refreshed = true)
        {
            try
            {
                var json = await Call(account.App, account.App.BaseUrl, api, new(parameters), account.Tokens.AccessToken, ct, account.ShopId);
                return json["data"] ?? json;
            }
            catch (ChannelException e) when (e.Kind == ChannelErrorKind.Unauthorized && !refreshed)
            {
                await RefreshAsync(account, ct);
            }
        }
    }

    private async Task<JsonNode> Call(ChannelApp app, string restBase, string api, Dictionary<string, string> parameters, string? accessToken, CancellationToken ct, Guid? shopId = null)
    {
        parameters["app_key"] = app.Key;
        parameters["timestamp"] = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString();
        parameters["sign_method"] = "sha256";
        if (accessToken is not null) parameters["access_token"] = accessToken;
        parameters["sign"] = Sign(api, parameters, app.Secret);
        HttpResponseMessage response;
        try
        {
            var request = new HttpRequestMessage(HttpMethod.Post, restBase.TrimEnd('/') + api) { Content = new FormUrlEncodedContent(parameters) };
            if (shopId is { } shop) request.Options.Set(Http.VendorHttp.ShopKey, shop);
            response = await http.CreateClient(Vendor).SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new ChannelException(ChannelErrorKind.Unavailable, Vendor, e is HttpRequestException ? "network" : "timeout", e.Message);
        }
        using (response)
        {
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            var code = json["code"]?.ToString();
            if (code == "0") return json;
            var message = json["message"]?.GetValue<string>() ?? "";
            var kind = code switch
            {
                "IllegalAccessToken" or "InvalidCode" or "IllegalRefreshToken" => ChannelErrorKind.Unauthorized,
                "IncompleteSignature" or "MissingParameter" or "InvalidParameter" or "InvalidTimestamp" or "InvalidAppKey" => ChannelErrorKind.InvalidRequest,
                "ApiCallLimit" or "E901" => ChannelErrorKind.RateLimited,
                "ServiceUnavailable" => ChannelErrorKind.Unavailable,
                "ORDER_NOT_FOUND" or "REVERSE_ORDER_NOT_FOUND" => ChannelErrorKind.NotFound,
                _ => ChannelErrorKind.Refused,
            };
            var details = json["detail"]?.AsArray().Where(d => d?["seller_sku"] is not null || d?["sku_id"] is not null)
                .ToDictionary(d => d!["sku_id"]?.ToString() ?? d["seller_sku"]!.ToString(), d => d!["message"]?.GetValue<string>() ?? "");
            throw new ChannelException(kind, Vendor, code ?? ((int)response.StatusCode).ToString(), message) { Details = details };
        }
    }

    /// <summary>Lazada's signature, from its documentation (checked against the official vector in the tests).</summary>
    public static string Sign(string api, IEnumerable<KeyValuePair<string, string>> parameters, string secret) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(
            api + string.Concat(parameters.Where(p => p.Key != "sign").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value)))));

    private static string AuthRest(ChannelApp app) => (app.AuthBaseUrl ?? "https://auth.lazada.com").TrimEnd('/') + "/rest";
    private static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss+00:00", CultureInfo.InvariantCulture);
    private static DateTime Time(JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>().Replace(" +0700", "+07:00"), CultureInfo.InvariantCulture).UtcDateTime;
    private static decimal Money(JsonNode? node) => decimal.TryParse(node?.ToString(), CultureInfo.InvariantCulture, out var v) ? v : 0;
    private static string Id(JsonNode? node) => node!.ToString();
    private static string? Blank(JsonNode? node) => node?.ToString() is { Length: > 0 } s ? s : null;
}
