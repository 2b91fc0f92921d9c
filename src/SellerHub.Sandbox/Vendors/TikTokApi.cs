using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Vendors;

/// <summary>
/// TikTok Shop Partner API 202309 under /tiktok (token host under /tiktok/auth): the secret-wrapped
/// HMAC-SHA256 signature over path, sorted query and body; x-tts-access-token; shop_cipher; cursor
/// page tokens; 50 QPS per API and shop (HTTP 429); pushes signed over app_key + body.
/// </summary>
public static class TikTokApi
{
    private static readonly TimeSpan AccessLife = TimeSpan.FromDays(7);
    private static readonly TimeSpan RefreshLife = TimeSpan.FromDays(365);
    private const int QueriesPerSecond = 50;
    private static readonly Dictionary<(string, long), Queue<DateTime>> Calls = [];
    /// <summary>Every TikTok shop ships from one sales warehouse (its default) and takes returns at another.</summary>
    public const string SalesWarehouse = "7300000000000001", ReturnWarehouse = "7300000000000002";

    public static void Map(WebApplication app)
    {
        // The seller's consent page; the real one redirects to the app's registered URL, here passed as redirect_uri.
        app.MapGet("/tiktok/auth/open/authorize", (string? service_id, string? state, string? redirect_uri, SandboxWorld world) =>
        {
            lock (world.Sync)
            {
                if (service_id != world.Credentials.TikTokServiceId || string.IsNullOrEmpty(redirect_uri)) return Results.BadRequest("invalid service_id or redirect_uri");
                var code = world.IssueCode(Vendor.TikTok, world.Shops.First(s => s.Vendor == Vendor.TikTok).ShopId);
                return Results.Redirect($"{redirect_uri}{(redirect_uri.Contains('?') ? '&' : '?')}code={code}&state={state}");
            }
        });

        app.MapGet("/tiktok/auth/api/v2/token/{action}", (string action, HttpContext http, SandboxWorld world) =>
        {
            var q = http.Request.Query;
            lock (world.Sync)
            {
                if (q["app_key"] != world.Credentials.TikTokAppKey || q["app_secret"] != world.Credentials.TikTokAppSecret)
                    return Error(36009004, "Invalid app_key or app_secret.");
                var grant = (action, q["grant_type"].ToString()) switch
                {
                    ("get", "authorized_code") => world.RedeemCode(Vendor.TikTok, q["auth_code"].ToString()),
                    ("refresh", "refresh_token") => world.RedeemRefresh(Vendor.TikTok, q["refresh_token"].ToString()),
                    _ => null,
                };
                if (grant is null) return Error(36004004, "Invalid auth_code or refresh_token.");
                var (access, refresh, a, r) = world.IssueTokens(Vendor.TikTok, grant.ShopId, AccessLife, RefreshLife);
                return Ok(new
                {
                    access_token = access, access_token_expire_in = SandboxClock.Unix(a.ExpiresAt), refresh_token = refresh,
                    refresh_token_expire_in = SandboxClock.Unix(r.ExpiresAt), open_id = $"open-{grant.ShopId}", seller_name = "An Nhiên Store",
                    seller_base_region = "VN", user_type = 0, granted_scopes = new[] { "seller.order.info", "seller.fulfillment.basic", "seller.product.basic" },
                });
            }
        });

        app.MapMethods("/tiktok/{**path}", ["GET", "POST"], async (string path, HttpContext http, SandboxWorld world, Webhooks hooks, Recorder recorder) =>
        {
            http.Request.Body.Position = 0;
            var raw = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var apiPath = "/" + path;
            lock (world.Sync)
            {
                if (Check(http, apiPath, raw, world, out var shop) is { } error) return error;
                if (shop is not null && Limited(apiPath, shop.ShopId, world.Clock.Now))
                    return Results.Json(new { code = 36009002, message = "Too many requests. Please retry after a while.", request_id = VendorErrors.Id(), data = new { } }, statusCode: 429);
                JsonNode? body = null;
                if (raw.Length > 0)
                {
                    try { body = JsonNode.Parse(raw); }
                    catch (JsonException) { return Error(36009001, "The request body is not valid JSON."); }
                }
                var q = http.Request.Query;
                var segments = apiPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
                return (http.Request.Method, apiPath) switch
                {
                    ("GET", "/authorization/202309/shops") => Ok(new
                    {
                        shops = world.Shops.Where(s => s.Vendor == Vendor.TikTok).Select(s => new { id = s.ShopId.ToString(), name = s.Name, region = "VN", seller_type = "LOCAL", cipher = s.Cipher, code = "VNLCSANDBOX" }),
                    }),
                    ("POST", "/order/202309/orders/search") => Search(q, body, shop!),
                    ("GET", "/order/202309/orders") => Detail(q, shop!),
                    ("POST", "/return_refund/202309/cancellations/search") => Cancellations(body, shop!),
                    ("POST", "/return_refund/202309/cancellations") => SellerCancel(body, shop!, world, hooks),
                    ("POST", "/product/202309/products/search") => Products(q, body, shop!),
                    ("GET", "/logistics/202309/warehouses") => Warehouses(shop!),
                    ("POST", _) when segments is ["fulfillment", "202309", "packages", var id, "ship"] => Ship(id, body, shop!, world, hooks),
                    ("GET", _) when segments is ["fulfillment", "202309", "packages", var id, "shipping_documents"] => Document(id, q, shop!, http),
                    ("POST", _) when segments is ["return_refund", "202309", "cancellations", var id, var decision] && decision is "approve" or "reject" =>
                        Decide(id, decision == "approve", body, shop!, world, hooks),
                    ("POST", _) when segments is ["product", "202309", "products", var id, "inventory", "update"] => Inventory(id, body, shop!, world, recorder),
                    _ => Results.Json(new { code = 36009005, message = $"API {apiPath} not found.", request_id = VendorErrors.Id(), data = new { } }, statusCode: 404),
                };
            }
        });

        app.MapGet("/tiktok-files/labels/{packageId}.pdf", (string packageId, SandboxWorld world) =>
        {
            lock (world.Sync)
            {
                var order = world.Shops.Where(s => s.Vendor == Vendor.TikTok).SelectMany(s => s.Orders).FirstOrDefault(o => o.PackageId == packageId);
                return order is null ? Results.NotFound()
                    : Results.File(Pdf.Label(105, 148, [$"TIKTOK SHOP  {order.TrackingNumber}", $"Order {order.OrderId}", order.Recipient.Name, order.Recipient.FullAddress]), "application/pdf");
            }
        });
    }

    private static IResult Search(IQueryCollection q, JsonNode? body, SandboxShop shop)
    {
        var size = int.TryParse(q["page_size"], out var s) ? s : 0;
        if (size is < 1 or > 100) return Error(36009001, "page_size must be between 1 and 100.");
        var byUpdate = q["sort_field"] == "update_time";
        var descending = q["sort_order"] != "ASC";
        long? L(string name) => body?[name] is JsonValue v && v.TryGetValue<long>(out var x) ? x : null;
        var status = body?["order_status"]?.ToString();
        var all = shop.Orders.Where(o =>
            (L("create_time_ge") is not { } cge || SandboxClock.Unix(o.CreateTime) >= cge) && (L("create_time_lt") is not { } clt || SandboxClock.Unix(o.CreateTime) < clt) &&
            (L("update_time_ge") is not { } uge || SandboxClock.Unix(o.UpdateTime) >= uge) && (L("update_time_lt") is not { } ult || SandboxClock.Unix(o.UpdateTime) < ult) &&
            (status is null || Status(o) == status) && (body?["is_buyer_request_cancel"]?.GetValue<bool>() != true || o.State == OrderState.InCancel))
            .Select(o => (Key: SandboxClock.Unix(byUpdate ? o.UpdateTime : o.CreateTime), Order: o)).ToList();
        var after = Cursor.Decode(q["page_token"]);
        var rest = all.Where(x => after is null || (descending
            ? x.Key < after.Value.Key || (x.Key == after.Value.Key && string.CompareOrdinal(x.Order.OrderId, after.Value.Id) < 0)
            : x.Key > after.Value.Key || (x.Key == after.Value.Key && string.CompareOrdinal(x.Order.OrderId, after.Value.Id) > 0)));
        var sorted = (descending ? rest.OrderByDescending(x => x.Key).ThenByDescending(x => x.Order.OrderId, StringComparer.Ordinal)
            : rest.OrderBy(x => x.Key).ThenBy(x => x.Order.OrderId, StringComparer.Ordinal)).Take(size + 1).ToList();
        var more = sorted.Count > size;
        var page = sorted.Take(size).ToList();
        return Ok(new { next_page_token = more ? Cursor.Encode(page[^1].Key, page[^1].Order.OrderId) : "", total_count = all.Count, orders = page.Select(x => OrderJson(x.Order)) });
    }

    private static IResult Detail(IQueryCollection q, SandboxShop shop)
    {
        var ids = q["ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length is < 1 or > 50) return Error(36009001, "ids must have 1 to 50 order ids.");
        return Ok(new { orders = ids.Select(id => shop.Orders.FirstOrDefault(o => o.OrderId == id)).OfType<SandboxOrder>().Select(OrderJson) });
    }

    private static IResult Ship(string packageId, JsonNode? body, SandboxShop shop, SandboxWorld world, Webhooks hooks)
    {
        var order = shop.Orders.FirstOrDefault(o => o.PackageId == packageId);
        if (order is null) return Error(21011001, "Package not found.");
        if (order.State != OrderState.ReadyToShip) return Error(21011005, $"The package cannot be shipped in order status {Status(order)}.");
        if (body?["handover_method"]?.ToString() is not ("PICKUP" or "DROP_OFF")) return Error(36009001, "handover_method must be PICKUP or DROP_OFF.");
        order.TrackingNumber = "VNTTS" + world.Generator.NextId().ToString("D10");
        world.Touch(order, OrderState.Processed);
        PushOrder(order, world, hooks);
        return Ok(new { });
    }

    private static IResult Document(string packageId, IQueryCollection q, SandboxShop shop, HttpContext http)
    {
        var order = shop.Orders.FirstOrDefault(o => o.PackageId == packageId);
        if (order is null) return Error(21011001, "Package not found.");
        if (order.TrackingNumber is null) return Error(21011007, "The shipping label is not ready; ship the package first.");
        if (q["document_type"].ToString() is not ("SHIPPING_LABEL" or "PACKING_SLIP" or "SHIPPING_LABEL_AND_PACKING_SLIP" or "SHIPPING_LABEL_PICTURE"))
            return Error(36009001, "Invalid document_type.");
        return Ok(new { doc_url = $"{http.Request.Scheme}://{http.Request.Host}/tiktok-files/labels/{packageId}.pdf", tracking_number = order.TrackingNumber });
    }

    private static IResult Cancellations(JsonNode? body, SandboxShop shop)
    {
        var orderIds = body?["order_ids"]?.AsArray().Select(x => x?.ToString()).ToHashSet();
        var list = shop.Orders.Where(o => o.CancelId is not null && (orderIds is null || orderIds.Contains(o.OrderId))).Select(o => new
        {
            cancel_id = o.CancelId, order_id = o.OrderId, cancel_type = "BUYER_CANCEL", role = "BUYER", cancel_reason = "Muốn đổi địa chỉ giao hàng",
            cancel_status = o.State == OrderState.InCancel ? "CANCELLATION_REQUEST_PENDING" : o.State == OrderState.Cancelled ? "CANCELLATION_REQUEST_COMPLETE" : "CANCELLATION_REQUEST_CANCEL",
            seller_next_action_response = o.State == OrderState.InCancel
                ? new[] { new { action = "SELLER_RESPOND_CANCEL", deadline = SandboxClock.Unix(o.CancelDeadline ?? o.UpdateTime.AddDays(1)) } } : [],
            cancel_line_items = o.Lines.Select(l => new { id = l.LineId.ToString(), sku_id = l.ModelId.ToString(), seller_sku = l.Sku ?? "" }),
        }).ToList();
        return Ok(new { cancellations = list, next_page_token = "", total_count = list.Count });
    }

    /// <summary>The seller cancels an order not yet shipped, naming its line items; the sandbox does not split orders, so a partial cancel is refused.</summary>
    private static IResult SellerCancel(JsonNode? body, SandboxShop shop, SandboxWorld world, Webhooks hooks)
    {
        var order = shop.Orders.FirstOrDefault(o => o.OrderId == body?["order_id"]?.ToString());
        if (order is null) return Error(21011001, "Order not found.");
        var reason = body?["cancel_reason"]?.ToString();
        if (string.IsNullOrEmpty(reason)) return Error(36009001, "cancel_reason is required.");
        if (order.State is not (OrderState.Unpaid or OrderState.ReadyToShip)) return Error(25001003, $"Order status {Status(order)} cannot be cancelled by the seller.");
        var named = (body?["order_line_item_ids"] as JsonArray)?.Select(x => x?.ToString() ?? "").ToHashSet() ?? [];
        var items = order.Lines.SelectMany(l => Enumerable.Range(0, l.Quantity).Select(n => $"{l.LineId}{n}")).ToHashSet();
        if (!named.IsSubsetOf(items)) return Error(36009001, "order_line_item_ids names a line item not in the order.");
        if (!items.IsSubsetOf(named)) return Error(36009001, "Partial cancellation is not supported: name every line item of the order.");
        order.CancelledBy = "seller";
        order.CancelReason = reason;
        world.Touch(order, OrderState.Cancelled);
        PushOrder(order, world, hooks);
        return Ok(new { cancel_id = "SC" + order.OrderId, cancel_status = "CANCELLATION_REQUEST_COMPLETE" });
    }

    private static IResult Decide(string cancelId, bool approve, JsonNode? body, SandboxShop shop, SandboxWorld world, Webhooks hooks)
    {
        var order = shop.Orders.FirstOrDefault(o => o.CancelId == cancelId);
        if (order is null) return Error(25001001, "Cancellation not found.");
        if (order.State != OrderState.InCancel) return Error(25001003, "The cancellation is not waiting for the seller.");
        if (!approve && string.IsNullOrEmpty(body?["reject_reason"]?.ToString())) return Error(36009001, "reject_reason is required.");
        if (approve) order.CancelledBy = "buyer";
        world.Touch(order, approve ? OrderState.Cancelled : OrderState.ReadyToShip);
        PushOrder(order, world, hooks);
        PushCancellation(order, approve ? "CANCELLATION_REQUEST_COMPLETE" : "CANCELLATION_REQUEST_CANCELLED", world, hooks);
        return Ok(new { });
    }

    private static IResult Products(IQueryCollection q, JsonNode? body, SandboxShop shop)
    {
        var size = int.TryParse(q["page_size"], out var s) ? s : 0;
        if (size is < 1 or > 100) return Error(36009001, "page_size must be between 1 and 100.");
        var status = body?["status"]?.ToString();
        long? L(string name) => body?[name] is JsonValue v && v.TryGetValue<long>(out var x) ? x : null;
        var items = shop.Items.Where(i => (status is null or "ALL" || ProductStatus(i) == status)
                && (L("update_time_ge") is not { } ge || SandboxClock.Unix(i.UpdateTime) >= ge) && (L("update_time_le") is not { } le || SandboxClock.Unix(i.UpdateTime) <= le))
            .OrderBy(i => i.ItemId).ToList();
        var offset = int.TryParse(q["page_token"], out var o) ? o : 0;
        var page = items.Skip(offset).Take(size).ToList();
        return Ok(new
        {
            total_count = items.Count,
            next_page_token = offset + page.Count < items.Count ? (offset + page.Count).ToString() : "",
            products = page.Select(i => new
            {
                id = i.ItemId.ToString(), title = i.Name, status = ProductStatus(i), update_time = SandboxClock.Unix(i.UpdateTime),
                skus = i.Models.Select(m => new
                {
                    id = (m.ModelId == 0 ? i.ItemId * 10 : m.ModelId).ToString(), seller_sku = m.Sku ?? "",
                    price = new { currency = "VND", tax_exclusive_price = m.Price.ToString(CultureInfo.InvariantCulture) },
                    inventory = new[] { new { warehouse_id = SalesWarehouse, quantity = m.Stock } },
                }),
            }),
        });
    }

    /// <summary>Get Warehouse List (logistics 202309): the sales warehouse stock is set in, and the return warehouse.</summary>
    private static IResult Warehouses(SandboxShop shop) => Ok(new
    {
        warehouses = new[]
        {
            Warehouse(SalesWarehouse, $"Kho {shop.Name}", "SALES_WAREHOUSE", isDefault: true),
            Warehouse(ReturnWarehouse, $"Kho hoàn {shop.Name}", "RETURN_WAREHOUSE", isDefault: false),
        },
    });

    private static object Warehouse(string id, string name, string type, bool isDefault) => new
    {
        id, entity_id = "74" + id[2..], name, effect_status = "ENABLED", type, sub_type = "DOMESTIC_WAREHOUSE", is_default = isDefault,
        address = new
        {
            region = "Vietnam", region_code = "VN", state = "Thành phố Hồ Chí Minh", city = "Thành phố Hồ Chí Minh", town = "Phường Bến Thành",
            contact_person = "Nguyễn Văn An", phone_number = "(+84)90****678", full_address = "12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh",
        },
    };

    private static IResult Inventory(string productId, JsonNode? body, SandboxShop shop, SandboxWorld world, Recorder recorder)
    {
        var item = shop.Items.FirstOrDefault(i => i.ItemId.ToString() == productId);
        if (item is null) return Error(12052700, "Product not found.");
        if (item.Status != "NORMAL") return Error(12052048, "The product is not ACTIVATE; its inventory cannot be updated.");
        if (body?["skus"] is not JsonArray skus || skus.Count == 0) return Error(36009001, "skus is required.");
        var errors = new List<object>();
        foreach (var sku in skus)
        {
            var id = sku?["id"]?.ToString();
            var model = item.Models.FirstOrDefault(m => (m.ModelId == 0 ? item.ItemId * 10 : m.ModelId).ToString() == id);
            var quantity = sku?["inventory"]?[0]?["quantity"]?.GetValue<int>();
            var warehouse = sku?["inventory"]?[0]?["warehouse_id"]?.ToString();
            if (model is null || quantity is null or < 0)
                errors.Add(new { code = 12052230, message = "The SKU does not belong to this product or the quantity is invalid.", detail = new { sku_id = id, extra_errors = Array.Empty<object>() } });
            // Left out, the shop's only sales warehouse is meant; named, it must be that one ("" names none).
            else if (warehouse is not null && warehouse != SalesWarehouse)
                errors.Add(new { code = 12052990, message = "Check failed", detail = new { sku_id = id, extra_errors = new[] { WarehouseError(warehouse) } } });
            else if (model.CampaignLocked)
                errors.Add(new { code = 12052251, message = "The SKU is in a running promotion; its stock is locked.", detail = new { sku_id = id, extra_errors = Array.Empty<object>() } });
            else
            {
                model.Stock = quantity.Value;
                recorder.Stock(new RecordedStock(Vendor.TikTok, shop.ShopId, productId, id!, quantity.Value, world.Clock.Now));
            }
        }
        return errors.Count == 0 ? Ok(new { }) : Ok(new { errors });
    }

    private static object WarehouseError(string id) => id == ReturnWarehouse
        ? new { warehouse_id = id, code = 12052532, message = "the warehouse not delivery warehouse" }
        : new { warehouse_id = id, code = 12052097, message = "The warehouse does not exist" };

    public static string Status(SandboxOrder o) => o.State switch
    {
        OrderState.Unpaid => "UNPAID",
        OrderState.ReadyToShip or OrderState.InCancel => "AWAITING_SHIPMENT",
        OrderState.Processed or OrderState.RetryShip => "AWAITING_COLLECTION",
        OrderState.Shipped or OrderState.ToReturn => "IN_TRANSIT",
        OrderState.Delivered => "DELIVERED",
        OrderState.Completed => "COMPLETED",
        _ => "CANCELLED",
    };

    private static string ProductStatus(SandboxItem i) => i.Status switch
    {
        "NORMAL" => "ACTIVATE", "UNLIST" => "SELLER_DEACTIVATED", "BANNED" => "PLATFORM_DEACTIVATED", "REVIEWING" => "PENDING", _ => "DELETED",
    };

    private static object OrderJson(SandboxOrder o)
    {
        o.PackageId ??= "115" + o.OrderId[3..];
        return new
        {
            id = o.OrderId, status = Status(o), create_time = SandboxClock.Unix(o.CreateTime), update_time = SandboxClock.Unix(o.UpdateTime),
            rts_sla_time = SandboxClock.Unix(o.ShipBy), is_cod = o.IsCod, is_on_hold_order = false, buyer_message = o.BuyerNote ?? "",
            payment_method_name = o.IsCod ? "Thanh toán khi nhận hàng" : "Ví ShopeePay",
            payment = new
            {
                currency = "VND", sub_total = Money(o.Lines.Sum(l => l.DiscountedPrice * l.Quantity)), shipping_fee = Money(o.ShippingFee),
                seller_discount = Money(o.Voucher), total_amount = Money(o.Total),
            },
            recipient_address = new
            {
                name = o.Recipient.Name, phone_number = o.Recipient.Phone, address_detail = o.Recipient.Street, full_address = o.Recipient.FullAddress,
                district_info = new[]
                {
                    new { address_level_name = "Province", address_name = o.Recipient.Province },
                    new { address_level_name = "District", address_name = o.Recipient.District ?? "" },
                    new { address_level_name = "Ward", address_name = o.Recipient.Ward ?? "" },
                }.Where(d => d.address_name.Length > 0),
            },
            line_items = o.Lines.SelectMany(l => Enumerable.Range(0, l.Quantity).Select(n => new
            {
                id = $"{l.LineId}{n}", sku_id = (l.ModelId == 0 ? l.ItemId * 10 : l.ModelId).ToString(), seller_sku = l.Sku ?? "", product_id = l.ItemId.ToString(),
                product_name = l.Name, original_price = Money(l.OriginalPrice), sale_price = Money(l.DiscountedPrice), package_id = o.PackageId,
                package_status = o.State switch { OrderState.ReadyToShip or OrderState.InCancel or OrderState.Unpaid => "TO_FULFILL", OrderState.Processed or OrderState.RetryShip => "PROCESSING", OrderState.Cancelled => "CANCELLED", OrderState.Delivered or OrderState.Completed => "COMPLETED", _ => "FULFILLING" },
                tracking_number = o.TrackingNumber ?? "",
            })),
            packages = new[] { new { id = o.PackageId } },
        };
    }

    private static string Money(decimal value) => value.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>Type 1 ORDER_STATUS_CHANGE; the push calls a cancelled order CANCEL, not CANCELLED.</summary>
    public static void PushOrder(SandboxOrder o, SandboxWorld world, Webhooks hooks) =>
        Push(world, hooks, o.Shop, 1, new { order_id = o.OrderId, order_status = Status(o) == "CANCELLED" ? "CANCEL" : Status(o), is_on_hold_order = false, update_time = SandboxClock.Unix(o.UpdateTime) });

    /// <summary>Type 11 CANCELLATION_STATUS_CHANGE, e.g. when a buyer asks to cancel.</summary>
    public static void PushCancellation(SandboxOrder o, string status, SandboxWorld world, Webhooks hooks) =>
        Push(world, hooks, o.Shop, 11, new { order_id = o.OrderId, cancellations_role = "BUYER", cancel_status = status, cancel_id = o.CancelId, create_time = SandboxClock.Unix(o.UpdateTime) });

    /// <summary>Type 5 product status change: sent when the platform changes a product's status (a ban), not for the seller's own changes.</summary>
    public static void PushProductStatus(SandboxItem item, SandboxShop shop, SandboxWorld world, Webhooks hooks) =>
        Push(world, hooks, shop, 5, new { product_id = item.ItemId, status = "PRODUCT_STATUS_CHANGED", suspended_reason = "Vi phạm chính sách đăng bán", update_time = SandboxClock.Unix(item.UpdateTime) });

    private static void Push(SandboxWorld world, Webhooks hooks, SandboxShop shop, int type, object data)
    {
        var body = JsonSerializer.Serialize(new { type, tts_notification_id = VendorErrors.Id(), shop_id = shop.ShopId.ToString(), timestamp = SandboxClock.Unix(world.Clock.Now), data });
        hooks.Json(Vendor.TikTok, body, (_, raw) => new Dictionary<string, string>
        {
            ["Authorization"] = Signatures.HmacSha256Hex(world.Credentials.TikTokAppSecret, world.Credentials.TikTokAppKey + raw),
        });
    }

    /// <summary>TikTok's signature: secret + path + sorted query (no sign, no access_token) + body + secret.</summary>
    public static string Sign(string path, IEnumerable<KeyValuePair<string, string>> query, string body, string secret)
    {
        var s = path + string.Concat(query.Where(p => p.Key is not ("sign" or "access_token")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value)) + body;
        return Signatures.HmacSha256Hex(secret, secret + s + secret);
    }

    private static IResult? Check(HttpContext http, string path, string body, SandboxWorld world, out SandboxShop? shop)
    {
        shop = null;
        var q = http.Request.Query;
        if (q["app_key"] != world.Credentials.TikTokAppKey) return Error(36009004, "Invalid app_key.");
        var now = SandboxClock.Unix(DateTime.UtcNow); // request timestamps follow real clocks; sandbox time only moves the world
        if (!long.TryParse(q["timestamp"], out var ts) || ts < now - 300 || ts > now + 30) return Error(36009004, "Invalid timestamp.");
        var query = q.Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString()));
        if (!Signatures.Same(Sign(path, query, body, world.Credentials.TikTokAppSecret), q["sign"])) return Error(106001, "Invalid sign.");
        var grant = world.Access(Vendor.TikTok, http.Request.Headers["x-tts-access-token"].ToString());
        if (grant is null) return Error(105002, "Access token is expired or invalid.", 401);
        if (path.StartsWith("/authorization/")) return null;
        shop = world.Shops.FirstOrDefault(s => s.Vendor == Vendor.TikTok && s.Cipher == q["shop_cipher"]);
        if (shop is null) return Error(106013, "shop_cipher is missing or invalid.");
        if (shop.ShopId != grant.ShopId) return Error(105005, "The access token does not cover this shop.");
        return null;
    }

    /// <summary>50 queries per second per API and shop; over that, HTTP 429.</summary>
    private static bool Limited(string path, long shopId, DateTime now)
    {
        var key = (path, shopId);
        if (!Calls.TryGetValue(key, out var window)) Calls[key] = window = new Queue<DateTime>();
        while (window.Count > 0 && now - window.Peek() > TimeSpan.FromSeconds(1)) window.Dequeue();
        if (window.Count >= QueriesPerSecond) return true;
        window.Enqueue(now);
        return false;
    }

    private static IResult Ok(object data) => Results.Json(new { code = 0, message = "Success", request_id = VendorErrors.Id(), data });

    private static IResult Error(int code, string message, int status = 200) =>
        Results.Json(new { code, message, request_id = VendorErrors.Id(), data = new { } }, statusCode: status);
}
