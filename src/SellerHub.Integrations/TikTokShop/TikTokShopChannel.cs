using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SellerHub.Channels;

namespace SellerHub.Integrations.TikTokShop;

/// <summary>
/// TikTok Shop Partner API 202309. Signs every call (secret-wrapped HMAC-SHA256 over path, sorted
/// query and body), sends the token in x-tts-access-token and the shop_cipher, refreshes on 105002,
/// pages with page tokens, fetches details in batches of 50, and updates stock per product in the
/// shop's sales warehouse.
/// </summary>
public sealed class TikTokShopChannel(IHttpClientFactory http, TimeProvider clock) : ISalesChannel
{
    public const string Vendor = "TikTokShop";
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromHours(1);
    /// <summary>Per SellerHub shop, the warehouse its stock is set in; asked once, asked again after TikTok refuses it.</summary>
    private readonly ConcurrentDictionary<Guid, string> _salesWarehouses = new();
    /// <summary>An inventory error code: the SKU is in a running promotion and its stock is locked.</summary>
    private const long PromotionLocked = 12052251;

    public ChannelType Channel => ChannelType.TikTokShop;

    /// <summary>The seller's consent link (the sandbox also takes the redirect as redirect_uri).</summary>
    public string AuthorizationUrl(ChannelApp app, string serviceId, string redirect, string state) =>
        $"{(app.AuthBaseUrl ?? "https://services.tiktokshop.com").TrimEnd('/')}/open/authorize?service_id={serviceId}&state={Uri.EscapeDataString(state)}&redirect_uri={Uri.EscapeDataString(redirect)}";

    public async Task<(ChannelTokens Tokens, string ShopId, string Cipher)> ExchangeCodeAsync(ChannelApp app, string code, CancellationToken ct)
    {
        var tokens = await TokenCall(app, "get", $"auth_code={Uri.EscapeDataString(code)}&grant_type=authorized_code", ct);
        var account = new ChannelAccount { App = app, ShopId = Guid.Empty, MarketplaceShopId = "", Tokens = tokens };
        var shops = await Call(account, HttpMethod.Get, "/authorization/202309/shops", new(), null, ct, shopScoped: false);
        var shop = shops["shops"]![0]!;
        return (tokens, shop["id"]!.GetValue<string>(), shop["cipher"]!.GetValue<string>());
    }

    private async Task RefreshAsync(ChannelAccount account, CancellationToken ct)
    {
        try
        {
            account.Tokens = await TokenCall(account.App, "refresh", $"refresh_token={Uri.EscapeDataString(account.Tokens.RefreshToken)}&grant_type=refresh_token", ct);
        }
        catch (ChannelException e) when (e.Kind is ChannelErrorKind.Unauthorized or ChannelErrorKind.InvalidRequest)
        {
            throw new ChannelException(ChannelErrorKind.NeedsReauthorisation, Vendor, e.Code, e.VendorMessage);
        }
        if (account.TokensRefreshed is { } stored) await stored(account.Tokens, ct);
    }

    /// <summary>The token host is not HMAC-signed; the app secret travels in the query.</summary>
    private async Task<ChannelTokens> TokenCall(ChannelApp app, string action, string grant, CancellationToken ct)
    {
        var url = $"{(app.AuthBaseUrl ?? "https://auth.tiktok-shops.com").TrimEnd('/')}/api/v2/token/{action}?app_key={app.Key}&app_secret={Uri.EscapeDataString(app.Secret)}&{grant}";
        var json = await Parse(await Send(() => http.CreateClient(Vendor).GetAsync(url, ct)), ct);
        var data = json["data"]!;
        return new ChannelTokens(data["access_token"]!.GetValue<string>(), FromUnix(data["access_token_expire_in"]!.GetValue<long>()),
            data["refresh_token"]!.GetValue<string>(), FromUnix(data["refresh_token_expire_in"]!.GetValue<long>()));
    }

    public async Task<IReadOnlyList<ChannelOrderRef>> ListChangedOrdersAsync(ChannelAccount account, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var found = new Dictionary<string, ChannelOrderRef>();
        var token = "";
        do
        {
            var query = new Dictionary<string, string> { ["page_size"] = "100", ["sort_field"] = "update_time", ["sort_order"] = "ASC" };
            if (token != "") query["page_token"] = token;
            var data = await Call(account, HttpMethod.Post, "/order/202309/orders/search", query, new { update_time_ge = Unix(fromUtc), update_time_lt = Unix(toUtc) }, ct);
            foreach (var o in data["orders"]!.AsArray())
                found[o!["id"]!.GetValue<string>()] = new ChannelOrderRef(o["id"]!.GetValue<string>(), o["status"]!.GetValue<string>(), FromUnix(o["update_time"]!.GetValue<long>()));
            token = data["next_page_token"]?.GetValue<string>() ?? "";
        } while (token != "");
        return found.Values.ToList();
    }

    public async Task<IReadOnlyList<ChannelOrder>> GetOrdersAsync(ChannelAccount account, IReadOnlyCollection<string> orderIds, CancellationToken ct)
    {
        var orders = new List<ChannelOrder>();
        var cancellations = new Dictionary<string, (string Id, DateTime? Deadline)>();
        foreach (var batch in orderIds.Distinct().Chunk(50))
        {
            var data = await Call(account, HttpMethod.Get, "/order/202309/orders", new() { ["ids"] = string.Join(',', batch) }, null, ct);
            var pending = await Call(account, HttpMethod.Post, "/return_refund/202309/cancellations/search", new() { ["page_size"] = "50" },
                new { order_ids = batch, cancel_status = new[] { "CANCELLATION_REQUEST_PENDING" } }, ct);
            foreach (var c in pending["cancellations"]!.AsArray().Where(c => c!["cancel_status"]!.GetValue<string>() == "CANCELLATION_REQUEST_PENDING"))
                cancellations[c!["order_id"]!.GetValue<string>()] = (c["cancel_id"]!.GetValue<string>(),
                    c["seller_next_action_response"]?.AsArray().FirstOrDefault(a => a!["action"]?.GetValue<string>() == "SELLER_RESPOND_CANCEL")?["deadline"] is { } d ? FromUnix(d.GetValue<long>()) : null);
            orders.AddRange(data["orders"]!.AsArray().Select(o => Http.OrderPayload.Read(o, "id",
                order => ToOrder(order, cancellations.TryGetValue(order["id"]?.ToString() ?? "", out var c) ? c : null))));
        }
        return orders;
    }

    public async Task AnswerBuyerCancellationAsync(ChannelAccount account, ChannelOrder order, bool accept, CancellationToken ct)
    {
        var id = order.CancelRequestId ?? throw new ChannelException(ChannelErrorKind.InvalidRequest, Vendor, "no_cancellation", "The order has no pending cancellation.");
        await Call(account, HttpMethod.Post, $"/return_refund/202309/cancellations/{id}/{(accept ? "approve" : "reject")}",
            new() { ["idempotency_key"] = $"{id}-{(accept ? "approve" : "reject")}" },
            accept ? new { } : new { reject_reason = "seller_reject_apply_product_has_been_packed" }, ct);
    }

    /// <summary>
    /// Names every line item of the order: TikTok has one per unit, which SellerHub folds into a line per
    /// SKU, so the ids are read back from the order as TikTok sent it (naming one per SKU cancels only part).
    /// </summary>
    public async Task CancelOrderAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct)
    {
        var items = JsonNode.Parse(order.RawJson)?["line_items"]?.AsArray().Select(l => l?["id"]?.GetValue<string>()).OfType<string>().ToList();
        if (items is not { Count: > 0 }) throw new ChannelException(ChannelErrorKind.InvalidRequest, Vendor, "no_line_items", "The order has no line items to cancel.");
        await Call(account, HttpMethod.Post, "/return_refund/202309/cancellations", new(),
            new { order_id = order.OrderId, cancel_reason = "seller_cancel_reason_out_of_stock", order_line_item_ids = items }, ct);
    }

    public async Task<string> ArrangeShipmentAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct)
    {
        var package = order.PackageId ?? throw new ChannelException(ChannelErrorKind.InvalidRequest, Vendor, "no_package", "The order has no package.");
        await Call(account, HttpMethod.Post, $"/fulfillment/202309/packages/{package}/ship", new(), new { handover_method = "PICKUP" }, ct);
        var data = await Call(account, HttpMethod.Get, $"/fulfillment/202309/packages/{package}/shipping_documents",
            new() { ["document_type"] = "SHIPPING_LABEL", ["document_size"] = "A6" }, null, ct);
        return data["tracking_number"]!.GetValue<string>();
    }

    public async Task<byte[]> GetShippingLabelAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct)
    {
        var package = order.PackageId ?? throw new ChannelException(ChannelErrorKind.InvalidRequest, Vendor, "no_package", "The order has no package.");
        var data = await Call(account, HttpMethod.Get, $"/fulfillment/202309/packages/{package}/shipping_documents",
            new() { ["document_type"] = "SHIPPING_LABEL", ["document_size"] = "A6", ["document_format"] = "PDF" }, null, ct);
        using var file = await Send(() => http.CreateClient(Vendor).GetAsync(data["doc_url"]!.GetValue<string>(), ct));
        return await file.Content.ReadAsByteArrayAsync(ct);
    }

    public async Task<IReadOnlyList<ChannelListing>> ListListingsAsync(ChannelAccount account, DateTime? changedSinceUtc, CancellationToken ct)
    {
        object filter = changedSinceUtc is { } since ? new { status = "ALL", update_time_ge = Unix(since) } : new { status = "ALL" };
        var listings = new List<ChannelListing>();
        var token = "";
        do
        {
            var query = new Dictionary<string, string> { ["page_size"] = "100" };
            if (token != "") query["page_token"] = token;
            var data = await Call(account, HttpMethod.Post, "/product/202309/products/search", query, filter, ct);
            foreach (var p in data["products"]!.AsArray())
            {
                var status = p!["status"]!.GetValue<string>();
                foreach (var sku in p["skus"]!.AsArray())
                    listings.Add(new ChannelListing(p["id"]!.GetValue<string>(), sku!["id"]!.GetValue<string>(), Blank(sku["seller_sku"]), p["title"]!.GetValue<string>(),
                        decimal.TryParse(sku["price"]?["tax_exclusive_price"]?.GetValue<string>(), CultureInfo.InvariantCulture, out var price) ? price : null,
                        sku["inventory"]?.AsArray().Sum(i => i!["quantity"]!.GetValue<int>()), status, status == "ACTIVATE"));
            }
            token = data["next_page_token"]?.GetValue<string>() ?? "";
        } while (token != "");
        return listings;
    }

    /// <summary>
    /// One call per product (TikTok's rule: all SKUs of one product), in the shop's sales warehouse,
    /// reading back per-SKU errors. SellerHub keeps one stock figure per listing, so a SKU stocked in
    /// several TikTok warehouses is not supported: TikTok refuses the call for it, and says so.
    /// </summary>
    public async Task<IReadOnlyList<StockPushResult>> PushStockAsync(ChannelAccount account, IReadOnlyList<StockPush> pushes, CancellationToken ct)
    {
        var results = new List<StockPushResult>();
        var warehouse = await SalesWarehouseAsync(account, ct);
        foreach (var product in pushes.GroupBy(p => p.ListingId))
        {
            var data = await Call(account, HttpMethod.Post, $"/product/202309/products/{product.Key}/inventory/update", new(), new
            {
                skus = product.Select(p => new { id = p.ModelId, inventory = new[] { new { warehouse_id = warehouse, quantity = p.Quantity } } }),
            }, ct);
            var errors = data["errors"]?.AsArray() ?? [];
            // A warehouse TikTok no longer takes (moved, disabled) is looked up again on the next push.
            if (errors.Any(e => e!["detail"]?["extra_errors"]?.AsArray().Any(x => x?["warehouse_id"] is not null) == true)) _salesWarehouses.TryRemove(account.ShopId, out _);
            // The secondary error (e.g. "The warehouse does not exist") says more than the main one ("Check failed").
            var reasons = errors.ToDictionary(e => e!["detail"]!["sku_id"]!.GetValue<string>(),
                e => (Code: e!["code"]?.GetValue<long>(), Message: e["detail"]!["extra_errors"]?.AsArray().FirstOrDefault()?["message"]?.GetValue<string>() ?? e["message"]!.GetValue<string>()));
            results.AddRange(product.Select(p => reasons.TryGetValue(p.ModelId ?? "", out var why)
                ? new StockPushResult(p, false, why.Message, why.Code == PromotionLocked)
                : new StockPushResult(p, true, null)));
        }
        return results;
    }

    /// <summary>The enabled sales warehouse TikTok marks as the shop's default (Get Warehouse List), else the first enabled one.</summary>
    private async Task<string> SalesWarehouseAsync(ChannelAccount account, CancellationToken ct)
    {
        if (_salesWarehouses.TryGetValue(account.ShopId, out var known)) return known;
        var data = await Call(account, HttpMethod.Get, "/logistics/202309/warehouses", new(), null, ct);
        var sales = data["warehouses"]!.AsArray()
            .Where(w => w!["type"]?.GetValue<string>() == "SALES_WAREHOUSE" && w["effect_status"]?.GetValue<string>() == "ENABLED").ToList();
        var chosen = sales.FirstOrDefault(w => w!["is_default"]?.GetValue<bool>() == true) ?? sales.FirstOrDefault()
            ?? throw new ChannelException(ChannelErrorKind.Refused, Vendor, "no_sales_warehouse", "The shop has no enabled sales warehouse.");
        return _salesWarehouses[account.ShopId] = chosen["id"]!.GetValue<string>();
    }

    // ---- wire ---------------------------------------------------------------------------

    private static ChannelOrder ToOrder(JsonNode o, (string Id, DateTime? Deadline)? cancellation)
    {
        var address = o["recipient_address"];
        string? Level(string name) => address?["district_info"]?.AsArray().FirstOrDefault(d => d!["address_level_name"]!.GetValue<string>() == name)?["address_name"]?.GetValue<string>();
        var lines = o["line_items"]!.AsArray()
            .GroupBy(l => l!["sku_id"]!.GetValue<string>())
            .Select(g => new ChannelOrderLine(g.First()!["id"]!.GetValue<string>(), g.First()!["product_id"]!.GetValue<string>(), g.Key, Blank(g.First()!["seller_sku"]),
                g.First()!["product_name"]!.GetValue<string>(), g.Count(), Money(g.First()!["original_price"]), Money(g.First()!["sale_price"]))).ToList();
        var payment = o["payment"];
        var total = Money(payment?["total_amount"]);
        var cod = o["is_cod"]?.GetValue<bool>() == true;
        return new ChannelOrder(o["id"]!.GetValue<string>(), o["status"]!.GetValue<string>(), null,
            new ChannelRecipient(Blank(address?["name"]), Blank(address?["phone_number"]), Blank(address?["full_address"]), Level("Province"), Level("District"), Level("Ward"), Blank(address?["address_detail"])),
            lines, Money(payment?["shipping_fee"]), Money(payment?["seller_discount"]), total, cod ? total : 0, o["payment_method_name"]?.GetValue<string>(), Blank(o["buyer_message"]),
            FromUnix(o["create_time"]!.GetValue<long>()), FromUnix(o["update_time"]!.GetValue<long>()), o["rts_sla_time"] is { } sla ? FromUnix(sla.GetValue<long>()) : null,
            cancellation is not null, cancellation?.Id, o["packages"]?[0]?["id"]?.GetValue<string>(), Blank(o["line_items"]![0]!["tracking_number"]), o.ToJsonString(),
            cancellation?.Deadline);
    }

    private async Task<JsonNode> Call(ChannelAccount account, HttpMethod method, string path, Dictionary<string, string> query, object? body,
        CancellationToken ct, bool shopScoped = true)
    {
        if (shopScoped && account.Tokens.AccessExpiresAt - RefreshAhead < clock.GetUtcNow().UtcDateTime) await RefreshAsync(account, ct);
        for (var refreshed = false; ; refreshed = true)
        {
            var q = new Dictionary<string, string>(query) { ["app_key"] = account.App.Key, ["timestamp"] = clock.GetUtcNow().ToUnixTimeSeconds().ToString() };
            if (shopScoped && account.ShopCipher is not null) q["shop_cipher"] = account.ShopCipher;
            var raw = body is null ? "" : JsonSerializer.Serialize(body);
            q["sign"] = Sign(path, q, raw, account.App.Secret);
            var request = new HttpRequestMessage(method, $"{account.App.BaseUrl.TrimEnd('/')}{path}?{string.Join('&', q.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"))}");
            request.Headers.Add("x-tts-access-token", account.Tokens.AccessToken);
            if (account.ShopId != Guid.Empty) request.Options.Set(Http.VendorHttp.ShopKey, account.ShopId);
            if (body is not null) request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
            try
            {
                return (await Parse(await Send(() => http.CreateClient(Vendor).SendAsync(request, ct)), ct))["data"]!;
            }
            catch (ChannelException e) when (e.Kind == ChannelErrorKind.Unauthorized && shopScoped && !refreshed)
            {
                await RefreshAsync(account, ct);
            }
        }
    }

    private static async Task<JsonNode> Parse(HttpResponseMessage response, CancellationToken ct)
    {
        using (response)
        {
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            var code = json["code"]?.GetValue<long>() ?? -1;
            if (code == 0) return json;
            var kind = code switch
            {
                105002 or 105001 or 36004004 => ChannelErrorKind.Unauthorized,
                105005 => ChannelErrorKind.Refused,
                106001 or 36009004 or 106013 or 36009001 => ChannelErrorKind.InvalidRequest,
                36009002 => ChannelErrorKind.RateLimited,
                36009003 => ChannelErrorKind.Unavailable,
                21011001 or 25001001 or 12052700 => ChannelErrorKind.NotFound,
                _ => ChannelErrorKind.Refused,
            };
            throw new ChannelException(kind, Vendor, code.ToString(), json["message"]?.GetValue<string>() ?? "");
        }
    }

    private static async Task<HttpResponseMessage> Send(Func<Task<HttpResponseMessage>> send)
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

    /// <summary>TikTok's signature, from its documentation (checked against the official vector in the tests).</summary>
    public static string Sign(string path, IEnumerable<KeyValuePair<string, string>> query, string body, string secret)
    {
        var s = path + string.Concat(query.Where(p => p.Key is not ("sign" or "access_token")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value)) + body;
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(secret + s + secret)));
    }

    private static long Unix(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();
    private static DateTime FromUnix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
    private static decimal Money(JsonNode? node) => decimal.TryParse(node?.ToString(), CultureInfo.InvariantCulture, out var v) ? v : 0;
    private static string? Blank(JsonNode? node) => node?.ToString() is { Length: > 0 } s ? s : null;
}
