using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Vendors;

/// <summary>
/// Lazada Open Platform under /lazada/rest (API) and /lazada/auth (auth host): sorted-parameter
/// HMAC-SHA256 signing (upper-case hex), {code:"0", data} envelope, string-typed values, offset
/// paging, pack → RTS, base64 PDF documents, XML stock payloads, and pushes signed over app_key + body.
/// </summary>
public static class LazadaApi
{
    private static readonly TimeSpan AccessLife = TimeSpan.FromDays(7);
    private static readonly TimeSpan RefreshLife = TimeSpan.FromDays(30);

    public static void Map(WebApplication app)
    {
        app.MapGet("/lazada/auth/oauth/authorize", (string? redirect_uri, string? client_id, string? state, SandboxWorld world) =>
        {
            lock (world.Sync)
            {
                if (client_id != world.Credentials.LazadaAppKey || string.IsNullOrEmpty(redirect_uri)) return Results.BadRequest("invalid client_id or redirect_uri");
                var code = world.IssueCode(Vendor.Lazada, world.Shops.First(s => s.Vendor == Vendor.Lazada).ShopId);
                return Results.Redirect($"{redirect_uri}{(redirect_uri.Contains('?') ? '&' : '?')}code={code}&state={state}");
            }
        });

        app.MapMethods("/lazada/auth/rest/auth/token/{action}", ["GET", "POST"], async (string action, HttpContext http, SandboxWorld world) =>
        {
            var args = await Arguments(http);
            lock (world.Sync)
            {
                if (Check(args, "/auth/token/" + action, world, sellerApi: false) is { } error) return error;
                var grant = action switch
                {
                    "create" => world.RedeemCode(Vendor.Lazada, args.GetValueOrDefault("code") ?? ""),
                    "refresh" => world.RedeemRefresh(Vendor.Lazada, args.GetValueOrDefault("refresh_token") ?? ""),
                    _ => null,
                };
                if (grant is null) return Error(action == "create" ? "InvalidCode" : "IllegalRefreshToken", "The authorization code or refresh token is invalid or expired");
                var (access, refresh, _, _) = world.IssueTokens(Vendor.Lazada, grant.ShopId, AccessLife, RefreshLife);
                var info = new[] { new { country = "vn", seller_id = grant.ShopId.ToString(), user_id = (grant.ShopId + 1).ToString(), short_code = "VN1SANDBOX" } };
                return Results.Json(new Dictionary<string, object>
                {
                    ["access_token"] = access, ["refresh_token"] = refresh, ["expires_in"] = (int)AccessLife.TotalSeconds,
                    ["refresh_expires_in"] = (int)RefreshLife.TotalSeconds, ["country"] = "vn", ["account_platform"] = "seller_center",
                    [action == "create" ? "country_user_info" : "country_user_info_list"] = info, ["code"] = "0", ["request_id"] = VendorErrors.Id(),
                });
            }
        });

        app.MapMethods("/lazada/rest/{**api}", ["GET", "POST"], async (string api, HttpContext http, SandboxWorld world, Webhooks hooks, Recorder recorder) =>
        {
            var args = await Arguments(http);
            var path = "/" + api;
            lock (world.Sync)
            {
                if (Check(args, path, world, sellerApi: true) is { } error) return error;
                var shop = world.Shop(Vendor.Lazada, world.Access(Vendor.Lazada, args["access_token"])!.ShopId);
                return path switch
                {
                    "/orders/get" => Orders(args, shop),
                    "/order/get" => Find(shop, args.GetValueOrDefault("order_id")) is { } o ? Ok(OrderJson(o)) : Error("ORDER_NOT_FOUND", "Order not found", "ISV"),
                    "/order/items/get" => Find(shop, args.GetValueOrDefault("order_id")) is { } o ? Ok(Items(o)) : Error("ORDER_NOT_FOUND", "Order not found", "ISV"),
                    "/orders/items/get" => OrdersItems(args, shop),
                    "/order/fulfill/pack" => Pack(args, shop, world, hooks),
                    "/order/package/rts" => ReadyToShip(args, shop, world, hooks),
                    "/order/package/document/get" => Document(args, shop),
                    "/order/reverse/cancel/validate" => ValidateCancel(args, shop),
                    "/order/reverse/cancel/create" => SellerCancel(args, shop, world, hooks),
                    "/order/reverse/cancel/seller/decide" => Decide(args, shop, world, hooks),
                    "/products/get" => Products(args, shop),
                    "/product/stock/sellable/update" => Stock(args, shop, world, recorder),
                    _ => Error("InvalidApiPath", $"The specified API path {path} is invalid", "ISV"),
                };
            }
        });
    }

    private static IResult Orders(Dictionary<string, string> args, SandboxShop shop)
    {
        var updateAfter = Time(args.GetValueOrDefault("update_after"));
        var createdAfter = Time(args.GetValueOrDefault("created_after"));
        if (updateAfter is null && createdAfter is null) return Error("MissingParameter", "The input parameter created_after or update_after is required", "ISV");
        var offset = int.TryParse(args.GetValueOrDefault("offset"), out var o) ? o : 0;
        var limit = int.TryParse(args.GetValueOrDefault("limit"), out var l) ? l : 100;
        if (limit is < 1 or > 100 || offset is < 0 or > 5000) return Error("InvalidParameter", "limit must be 1-100 and offset 0-5000", "ISV");
        var status = args.GetValueOrDefault("status");
        var byUpdate = args.GetValueOrDefault("sort_by") == "updated_at";
        var descending = !string.Equals(args.GetValueOrDefault("sort_direction"), "ASC", StringComparison.OrdinalIgnoreCase);

        var matching = shop.Orders.Where(x =>
                (createdAfter is null || x.CreateTime >= createdAfter) && (Time(args.GetValueOrDefault("created_before")) is not { } cb || x.CreateTime < cb) &&
                (updateAfter is null || x.UpdateTime >= updateAfter) && (Time(args.GetValueOrDefault("update_before")) is not { } ub || x.UpdateTime < ub) &&
                (string.IsNullOrEmpty(status) || Status(x) == status))
            .Select(x => (Order: x, Key: byUpdate ? x.UpdateTime : x.CreateTime));
        var sorted = (descending ? matching.OrderByDescending(x => x.Key).ThenByDescending(x => x.Order.OrderId) : matching.OrderBy(x => x.Key).ThenBy(x => x.Order.OrderId)).ToList();
        var page = sorted.Skip(offset).Take(limit).Select(x => OrderJson(x.Order)).ToList();
        return Ok(new { count = page.Count.ToString(), countTotal = sorted.Count, orders = page });
    }

    private static IResult OrdersItems(Dictionary<string, string> args, SandboxShop shop)
    {
        List<string> ids;
        try { ids = JsonSerializer.Deserialize<List<JsonElement>>(args.GetValueOrDefault("order_ids") ?? "[]")!.Select(e => e.ToString()).ToList(); }
        catch (JsonException) { return Error("InvalidParameter", "order_ids must be a JSON array", "ISV"); }
        if (ids.Count is < 1 or > 50) return Error("InvalidParameter", "order_ids must have 1 to 50 ids", "ISV");
        return Ok(ids.Select(id => Find(shop, id)).OfType<SandboxOrder>()
            .Select(o => new { order_id = long.Parse(o.OrderId), order_number = long.Parse(o.OrderId), order_items = Items(o) }));
    }

    private static IResult Pack(Dictionary<string, string> args, SandboxShop shop, SandboxWorld world, Webhooks hooks)
    {
        if (Json(args.GetValueOrDefault("packReq"))?["pack_order_list"] is not JsonArray list || list.Count is < 1 or > 20)
            return Error("InvalidParameter", "packReq.pack_order_list must have 1 to 20 orders", "ISV");
        var result = list.Select(entry =>
        {
            var order = Find(shop, entry?["order_id"]?.ToString());
            var items = entry?["order_item_list"]?.AsArray().Select(i => i!.ToString()).ToList() ?? [];
            if (order is null || order.State != OrderState.ReadyToShip)
                return new { order_id = entry?["order_id"]?.ToString(), order_item_list = items.Select(i => new { order_item_id = i, item_err_code = "82", msg = "Order item status is not pending", tracking_number = "", package_id = "" }).ToList() };
            order.TrackingNumber = "LZVN" + world.Generator.NextId().ToString("D9");
            order.PackageId = "FP" + world.Generator.NextId();
            world.Touch(order, OrderState.Processed);
            PushOrder(order, world, hooks);
            return new { order_id = (string?)order.OrderId, order_item_list = order.Lines.Select(l => new { order_item_id = l.LineId.ToString(), item_err_code = "0", msg = "", tracking_number = order.TrackingNumber, package_id = order.PackageId }).ToList() };
        }).ToList();
        return Ok(new { result = new { success = true, data = new { pack_order_list = result } } }, wrap: false);
    }

    private static IResult ReadyToShip(Dictionary<string, string> args, SandboxShop shop, SandboxWorld world, Webhooks hooks)
    {
        if (Json(args.GetValueOrDefault("readyToShipReq"))?["packages"] is not JsonArray packages || packages.Count is < 1 or > 20)
            return Error("InvalidParameter", "readyToShipReq.packages must have 1 to 20 packages", "ISV");
        var result = packages.Select(p =>
        {
            var id = p?["package_id"]?.ToString();
            var order = shop.Orders.FirstOrDefault(o => o.PackageId == id);
            if (order is null || order.State != OrderState.Processed || order.MarkedReady)
                return new { package_id = id, item_err_code = "83", msg = "Package status is not packed", retry = false };
            order.MarkedReady = true;
            world.Touch(order, OrderState.Processed);
            PushOrder(order, world, hooks);
            return new { package_id = id, item_err_code = "0", msg = "", retry = false };
        }).ToList();
        return Ok(new { result = new { success = true, data = new { packages = result } } }, wrap: false);
    }

    private static IResult Document(Dictionary<string, string> args, SandboxShop shop)
    {
        var request = Json(args.GetValueOrDefault("getDocumentReq"));
        var ids = request?["packages"]?.AsArray().Select(p => p?["package_id"]?.ToString()).ToList() ?? [];
        var orders = ids.Select(id => shop.Orders.FirstOrDefault(o => o.PackageId == id)).ToList();
        if (ids.Count is < 1 or > 20 || orders.Any(o => o is null))
            return Error("InvalidParameter", "getDocumentReq.packages must name 1 to 20 packed packages", "ISV");
        var pdf = Pdf.Label(100, 150, orders.SelectMany(o => new[] { $"LAZADA  {o!.TrackingNumber}", $"Order {o.OrderId}", o.Recipient.Name, o.Recipient.FullAddress, "" }));
        return Ok(new { result = new { success = true, data = new { doc_type = "PDF", file = Convert.ToBase64String(pdf), pdf_url = "" } } }, wrap: false);
    }

    /// <summary>
    /// The seller's cancel reasons (Lazada's ids differ per country; these are the sandbox's, see the README).
    /// Out of stock and a pricing error also set the cancelled SKUs' stock to 0, as Lazada does.
    /// </summary>
    public static readonly (string Id, string Name, bool ZeroesStock)[] CancelReasons =
    [
        ("10", "Out of stock", true),
        ("15", "Pricing error", true),
        ("21", "Unable to ship to the customer's address", false),
        ("33", "Customer requested cancellation", false),
    ];

    /// <summary>The order and its items named in order_item_id_list, or the error Lazada answers.</summary>
    private static (SandboxOrder? Order, IResult? Error) CancelTarget(Dictionary<string, string> args, SandboxShop shop)
    {
        if (!args.TryGetValue("order_item_id_list", out var list) || string.IsNullOrWhiteSpace(list))
            return (null, Error("MissingParameter", "The input parameter \"order_item_id_list\" that is mandatory for processing this request is not supplied", "ISV"));
        List<string> ids;
        try { ids = JsonSerializer.Deserialize<List<JsonElement>>(list)!.Select(e => e.ToString()).ToList(); }
        catch (JsonException) { return (null, Error("InvalidParameter", "order_item_id_list must be a JSON array of order item ids", "ISV")); }
        if (Find(shop, args.GetValueOrDefault("order_id")) is not { } order) return (null, Error("ORDER_NOT_FOUND", "Order not found", "ISV"));
        var lines = order.Lines.Select(l => l.LineId.ToString()).ToHashSet();
        if (ids.Count == 0 || ids.Any(id => !lines.Contains(id)))
            return (null, Error("InvalidParameter", "order_item_id_list names items that are not in this order", "ISV"));
        // The sandbox's order has one status for all its items, so a cancel takes every item or none.
        if (!lines.SetEquals(ids)) return (null, Error("InvalidParameter", "The sandbox cancels whole orders: name every order item", "ISV"));
        return (order, null);
    }

    /// <summary>Only items from pending to ready_to_ship (not yet with the carrier) can be cancelled by the seller.</summary>
    private static bool SellerMayCancel(SandboxOrder order) => order.State is OrderState.ReadyToShip or OrderState.Processed;

    private static IResult ValidateCancel(Dictionary<string, string> args, SandboxShop shop)
    {
        var (order, error) = CancelTarget(args, shop);
        if (error is not null) return error;
        return SellerMayCancel(order!)
            ? Ok(new { tip_type = "success", tip_content = "", reason_options = CancelReasons.Select(r => new { reason_id = r.Id, reason_name = r.Name }) })
            : Ok(new { tip_type = "error", tip_content = $"Order items in status {Status(order!)} cannot be cancelled", reason_options = Array.Empty<object>() });
    }

    private static IResult SellerCancel(Dictionary<string, string> args, SandboxShop shop, SandboxWorld world, Webhooks hooks)
    {
        var (order, error) = CancelTarget(args, shop);
        if (error is not null) return error;
        if (!SellerMayCancel(order!)) return Error("CANCEL_NOT_ALLOWED", "Order item status does not allow cancellation", "ISV");
        var reason = CancelReasons.FirstOrDefault(r => r.Id == args.GetValueOrDefault("reason_id"));
        if (reason.Id is null) return Error("InvalidParameter", "reason_id is not one of the reason_options of /order/reverse/cancel/validate", "ISV");
        order!.CancelledBy = "seller";
        order.CancelReason = reason.Name;
        if (reason.ZeroesStock)
            foreach (var line in order.Lines)
                if (shop.Items.FirstOrDefault(i => i.ItemId == line.ItemId)?.Models.FirstOrDefault(m => m.ModelId == line.ModelId) is { } model)
                    model.Stock = 0;
        world.Touch(order, OrderState.Cancelled);
        PushOrder(order, world, hooks);
        return Ok(new { tip_type = "success", tip_content = "" });
    }

    private static IResult Decide(Dictionary<string, string> args, SandboxShop shop, SandboxWorld world, Webhooks hooks)
    {
        var order = shop.Orders.FirstOrDefault(o => o.CancelId == args.GetValueOrDefault("reverse_order_id"));
        if (order is null || order.State != OrderState.InCancel) return Error("REVERSE_ORDER_NOT_FOUND", "No pending cancellation with this reverse_order_id", "ISV");
        var agree = string.Equals(args.GetValueOrDefault("agree_cancel"), "true", StringComparison.OrdinalIgnoreCase);
        if (agree) order.CancelledBy = "buyer";
        world.Touch(order, agree ? OrderState.Cancelled : OrderState.ReadyToShip);
        PushOrder(order, world, hooks);
        return Results.Json(new { code = "0", request_id = VendorErrors.Id() });
    }

    private static IResult Products(Dictionary<string, string> args, SandboxShop shop)
    {
        var limit = int.TryParse(args.GetValueOrDefault("limit"), out var l) ? l : 10;
        var offset = int.TryParse(args.GetValueOrDefault("offset"), out var o) ? o : 0;
        if (limit is < 1 or > 50) return Error("InvalidParameter", "limit must be 1-50", "ISV");
        var filter = args.GetValueOrDefault("filter") ?? "all";
        var updateAfter = Time(args.GetValueOrDefault("update_after"));
        var items = shop.Items.Where(i => (updateAfter is null || i.UpdateTime >= updateAfter) && filter switch
        {
            "all" => true,
            "live" => i.Status == "NORMAL",
            "inactive" => i.Status == "UNLIST",
            "rejected" => i.Status == "BANNED",
            "deleted" => i.Status.EndsWith("DELETE"),
            "sold-out" => i.Status == "NORMAL" && i.Models.All(m => m.Stock == 0),
            _ => false,
        }).OrderBy(i => i.ItemId).ToList();
        return Ok(new
        {
            total_products = items.Count,
            products = items.Skip(offset).Take(limit).Select(i => new
            {
                item_id = i.ItemId, status = ProductStatus(i), attributes = new { name = i.Name },
                suspendedSkus = i.Status == "BANNED" ? i.Models.Select(m => new { SellerSku = m.Sku, rejectReason = "Vi phạm chính sách đăng bán" }) : null,
                skus = i.Models.Select(m => new
                {
                    SkuId = m.ModelId == 0 ? i.ItemId * 10 : m.ModelId, SellerSku = m.Sku ?? "", ShopSku = $"{i.ItemId}_VNAMZ-{m.ModelId}",
                    Status = i.Status == "NORMAL" ? "active" : "inactive", quantity = m.Stock, Available = m.Stock, price = m.Price.ToString(CultureInfo.InvariantCulture),
                }),
            }),
        });
    }

    private static IResult Stock(Dictionary<string, string> args, SandboxShop shop, SandboxWorld world, Recorder recorder)
    {
        XDocument xml;
        try { xml = XDocument.Parse(args.GetValueOrDefault("payload") ?? ""); }
        catch (System.Xml.XmlException) { return Error("InvalidParameter", "payload is not valid XML", "ISV"); }
        var skus = xml.Descendants("Sku").ToList();
        if (skus.Count is < 1 or > 50) return Error("InvalidParameter", "payload must have 1 to 50 Sku", "ISV");
        var errors = new List<object>();
        foreach (var sku in skus)
        {
            var itemId = (long?)sku.Element("ItemId");
            var skuId = (long?)sku.Element("SkuId");
            var sellerSku = (string?)sku.Element("SellerSku");
            var quantity = (int?)sku.Element("SellableQuantity");
            var item = shop.Items.FirstOrDefault(i => i.ItemId == itemId);
            var model = item?.Models.FirstOrDefault(m => (m.ModelId == 0 ? item.ItemId * 10 : m.ModelId) == skuId || (sellerSku is not null && m.Sku == sellerSku));
            if (item is null || model is null || quantity is null or < 0) errors.Add(new { seller_sku = sellerSku, sku_id = skuId?.ToString(), field = "SkuId", message = "SKU not found or quantity invalid" });
            else if (model.CampaignLocked) errors.Add(new { seller_sku = model.Sku, sku_id = skuId?.ToString(), field = "SellableQuantity", message = "Stock is locked by an ongoing campaign" });
            else
            {
                model.Stock = quantity.Value;
                recorder.Stock(new RecordedStock(Vendor.Lazada, shop.ShopId, item.ItemId.ToString(), (model.ModelId == 0 ? item.ItemId * 10 : model.ModelId).ToString(), quantity.Value, world.Clock.Now));
            }
        }
        return errors.Count == 0
            ? Results.Json(new { code = "0", data = new { }, request_id = VendorErrors.Id() })
            : Results.Json(new { code = "500", type = "ISV", message = "Some SKUs were not updated", detail = errors, request_id = VendorErrors.Id() });
    }

    public static string Status(SandboxOrder o) => o.State switch
    {
        OrderState.Unpaid => "unpaid",
        OrderState.ReadyToShip or OrderState.InCancel => "pending",
        OrderState.Processed or OrderState.RetryShip => o.MarkedReady ? "ready_to_ship" : "packed",
        OrderState.Shipped => "shipped",
        OrderState.Delivered or OrderState.Completed => "delivered",
        OrderState.Cancelled => "canceled",
        OrderState.ToReturn => "failed_delivery",
        _ => "returned",
    };

    private static string ProductStatus(SandboxItem i) => i.Status switch { "NORMAL" => "active", "UNLIST" => "inactive", "BANNED" => "suspended", _ => "deleted" };

    private static object OrderJson(SandboxOrder o) => new
    {
        order_id = long.Parse(o.OrderId), order_number = long.Parse(o.OrderId),
        created_at = Iso(o.CreateTime), updated_at = Iso(o.UpdateTime),
        price = o.Lines.Sum(l => l.DiscountedPrice * l.Quantity).ToString("0.00", CultureInfo.InvariantCulture),
        shipping_fee = o.ShippingFee.ToString("0.00", CultureInfo.InvariantCulture),
        voucher = o.Voucher.ToString("0.00", CultureInfo.InvariantCulture),
        payment_method = o.IsCod ? "COD" : "MIXEDCARD",
        items_count = o.Lines.Sum(l => l.Quantity),
        statuses = new[] { Status(o) },
        remarks = o.BuyerNote ?? "",
        customer_first_name = o.BuyerName,
        address_shipping = new
        {
            first_name = o.Recipient.Name, phone = o.Recipient.Phone, address1 = o.Recipient.Street,
            address3 = o.Recipient.Province, address4 = o.Recipient.District ?? "", address5 = o.Recipient.Ward ?? "", country = "Vietnam",
        },
        need_cancel_confirm = o.State == OrderState.InCancel ? "true" : "false",
        is_cancel_pending = o.State == OrderState.InCancel ? "true" : "false",
        promised_shipping_times = Iso(o.ShipBy),
    };

    private static object Items(SandboxOrder o) => o.Lines.Select(l => new
    {
        order_item_id = l.LineId, order_id = long.Parse(o.OrderId), status = Status(o), name = l.Name, sku = l.Sku ?? "",
        shop_sku = $"{l.ItemId}_VNAMZ-{l.ModelId}", sku_id = l.ModelId == 0 ? l.ItemId * 10 : l.ModelId, product_id = l.ItemId,
        item_price = l.OriginalPrice.ToString("0.00", CultureInfo.InvariantCulture), paid_price = l.DiscountedPrice.ToString("0.00", CultureInfo.InvariantCulture),
        quantity = l.Quantity, tracking_code = o.TrackingNumber ?? "", package_id = o.PackageId ?? "", shipment_provider = o.TrackingNumber is null ? "" : "LEX VN",
        need_cancel_confirm = o.State == OrderState.InCancel ? "true" : "false", reverse_order_id = o.CancelId ?? "",
        cancel_trigger_time = o.CancelDeadline is { } d ? Iso(d) : "", reason = o.CancelReason ?? "",
    }).ToList();

    /// <summary>Trade-order push (message_type 0), signed as hex(HMAC(app_secret, app_key + body)).</summary>
    public static void PushOrder(SandboxOrder o, SandboxWorld world, Webhooks hooks)
    {
        var body = JsonSerializer.Serialize(new
        {
            seller_id = o.Shop.ShopId.ToString(), message_type = o.State == OrderState.InCancel ? 10 : 0, // 10: a reverse (cancel) order
            data = new { order_status = Status(o), trade_order_id = o.OrderId, trade_order_line_id = o.Lines[0].LineId.ToString(), status_update_time = SandboxClock.Unix(o.UpdateTime), reverse_order_id = o.CancelId },
            timestamp = SandboxClock.UnixMillis(world.Clock.Now), site = "lazada_vn",
        });
        hooks.Json(Vendor.Lazada, body, (_, raw) => new Dictionary<string, string>
        {
            ["Authorization"] = Signatures.HmacSha256Hex(world.Credentials.LazadaAppSecret, world.Credentials.LazadaAppKey + raw),
        });
    }

    /// <summary>Lazada's signature: path + sorted key+value pairs, HMAC-SHA256, upper-case hex.</summary>
    public static string Sign(string path, IEnumerable<KeyValuePair<string, string>> parameters, string secret) =>
        Signatures.HmacSha256Hex(secret, path + string.Concat(parameters.Where(p => p.Key != "sign").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value)))
            .ToUpperInvariant();

    private static IResult? Check(Dictionary<string, string> args, string path, SandboxWorld world, bool sellerApi)
    {
        if (args.GetValueOrDefault("app_key") != world.Credentials.LazadaAppKey) return Error("InvalidAppKey", "The specified app key is invalid", "ISV");
        if (!Timestamp(args.GetValueOrDefault("timestamp"), out var at) || Math.Abs((DateTime.UtcNow - at).TotalSeconds) > 7200)
            return Error("InvalidTimestamp", "The timestamp is invalid or outside the 7200 s window", "ISV");
        if (args.GetValueOrDefault("sign_method") is not ("sha256" or "SHA256")) return Error("InvalidSignMethod", "Only sha256 is supported", "ISV");
        if (!Signatures.Same(Sign(path, args, world.Credentials.LazadaAppSecret), args.GetValueOrDefault("sign")))
            return Error("IncompleteSignature", "The request signature does not conform to platform standards", "ISV");
        if (sellerApi && world.Access(Vendor.Lazada, args.GetValueOrDefault("access_token")) is null)
            return Error("IllegalAccessToken", "The specified access token is invalid or expired", "ISV");
        return null;
    }

    private static bool Timestamp(string? value, out DateTime at)
    {
        at = default;
        if (long.TryParse(value, out var ms))
        {
            at = DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
            return true;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
        {
            at = iso.UtcDateTime;
            return true;
        }
        return false;
    }

    private static DateTime? Time(string? iso) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.UtcDateTime : null;

    /// <summary>Lazada writes times in the seller's zone: "2026-11-26 14:05:09 +0700".</summary>
    private static string Iso(DateTime utc) => utc.AddHours(7).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0700";

    private static SandboxOrder? Find(SandboxShop shop, string? id) => shop.Orders.FirstOrDefault(o => o.OrderId == id);

    private static JsonNode? Json(string? text)
    {
        try { return text is null ? null : JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    private static IResult Ok(object data, bool wrap = true) =>
        Results.Json(wrap ? new { code = "0", data, request_id = VendorErrors.Id() } : MergeCode(data));

    private static object MergeCode(object payload)
    {
        var node = JsonSerializer.SerializeToNode(payload)!.AsObject();
        node["code"] = "0";
        node["request_id"] = VendorErrors.Id();
        return node;
    }

    private static IResult Error(string code, string message, string type = "ISP") =>
        Results.Json(new { type, code, message, request_id = VendorErrors.Id() });

    /// <summary>Query and form parameters together: Lazada signs them all alike.</summary>
    private static async Task<Dictionary<string, string>> Arguments(HttpContext http)
    {
        var args = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        if (http.Request.HasFormContentType)
            foreach (var (key, value) in await http.Request.ReadFormAsync()) args[key] = value.ToString();
        return args;
    }
}
