using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Vendors;

/// <summary>
/// Shopee Open Platform v2 under /shopee: HMAC-SHA256 signing over partner_id + path + timestamp
/// (+ access_token + shop_id), the {request_id, error, message, response} envelope, 4 h access
/// tokens with single-use refresh tokens, cursor paging, and code-3/4 pushes.
/// </summary>
public static class ShopeeApi
{
    private const string Prefix = "/shopee";
    private static readonly TimeSpan AccessLife = TimeSpan.FromHours(4);
    private static readonly TimeSpan RefreshLife = TimeSpan.FromDays(30);

    public static void Map(WebApplication app)
    {
        var g = app.MapGroup(Prefix + "/api/v2");

        g.MapGet("/shop/auth_partner", (HttpContext http, SandboxWorld world) =>
        {
            lock (world.Sync)
            {
                if (Check(http, world, shopApi: false) is { } error) return error;
                var redirect = http.Request.Query["redirect"].ToString();
                if (string.IsNullOrEmpty(redirect)) return Error("error_param", "redirect is required.");
                var shop = world.Shops.First(s => s.Vendor == Vendor.Shopee);
                var code = world.IssueCode(Vendor.Shopee, shop.ShopId);
                var separator = redirect.Contains('?') ? '&' : '?';
                return Results.Redirect($"{redirect}{separator}code={code}&shop_id={shop.ShopId}");
            }
        });

        g.MapPost("/auth/token/get", async (HttpContext http, SandboxWorld world) =>
        {
            var body = await ReadJson(http);
            lock (world.Sync)
            {
                if (Check(http, world, shopApi: false) is { } error) return error;
                var grant = world.RedeemCode(Vendor.Shopee, body?["code"]?.GetValue<string>() ?? "");
                if (grant is null || body?["shop_id"]?.GetValue<long>() != grant.ShopId)
                    return Error("error_auth", "Invalid code.");
                var (access, refresh, _, _) = world.IssueTokens(Vendor.Shopee, grant.ShopId, AccessLife, RefreshLife);
                return Results.Json(new { request_id = VendorErrors.Id(), error = "", message = "", access_token = access, refresh_token = refresh, expire_in = (int)AccessLife.TotalSeconds });
            }
        });

        g.MapPost("/auth/access_token/get", async (HttpContext http, SandboxWorld world) =>
        {
            var body = await ReadJson(http);
            lock (world.Sync)
            {
                if (Check(http, world, shopApi: false) is { } error) return error;
                var shopId = body?["shop_id"]?.GetValue<long>();
                var grant = world.RedeemRefresh(Vendor.Shopee, body?["refresh_token"]?.GetValue<string>() ?? "");
                if (grant is null || grant.ShopId != shopId) return Error("error_auth", "Invalid refresh_token.");
                var (access, refresh, _, _) = world.IssueTokens(Vendor.Shopee, grant.ShopId, AccessLife, RefreshLife);
                return Results.Json(new
                {
                    request_id = VendorErrors.Id(), error = "", message = "", partner_id = world.Credentials.ShopeePartnerId,
                    shop_id = grant.ShopId, access_token = access, refresh_token = refresh, expire_in = (int)AccessLife.TotalSeconds,
                });
            }
        });

        g.MapGet("/order/get_order_list", (HttpContext http, SandboxWorld world) => Shop(http, world, shop =>
        {
            var q = http.Request.Query;
            var field = q["time_range_field"].ToString();
            if (field is not ("create_time" or "update_time")) return Error("error_param", "time_range_field must be create_time or update_time.");
            if (!long.TryParse(q["time_from"], out var from) || !long.TryParse(q["time_to"], out var to) || to < from)
                return Error("error_param", "time_from and time_to are required.");
            if (to - from > 15 * 86400) return Error("order.order_list_invalid_time", "The time range cannot exceed 15 days.");
            var pageSize = int.TryParse(q["page_size"], out var size) ? size : 0;
            if (pageSize is < 1 or > 100) return Error("error_param", "page_size must be between 1 and 100.");
            var status = q["order_status"].ToString();

            Func<SandboxOrder, long> key = field == "create_time" ? o => SandboxClock.Unix(o.CreateTime) : o => SandboxClock.Unix(o.UpdateTime);
            var after = Cursor.Decode(q["cursor"]);
            var page = shop.Orders
                .Where(o => key(o) >= from && key(o) <= to && (status == "" || Status(o) == status))
                .Select(o => (Key: key(o), Order: o))
                .Where(x => after is null || x.Key > after.Value.Key || (x.Key == after.Value.Key && string.CompareOrdinal(x.Order.OrderId, after.Value.Id) > 0))
                .OrderBy(x => x.Key).ThenBy(x => x.Order.OrderId, StringComparer.Ordinal)
                .Take(pageSize + 1).ToList();
            var more = page.Count > pageSize;
            page = page.Take(pageSize).ToList();
            var withStatus = q["response_optional_fields"].ToString().Contains("order_status");
            return Ok(new
            {
                more,
                next_cursor = more ? Cursor.Encode(page[^1].Key, page[^1].Order.OrderId) : "",
                order_list = page.Select(x => withStatus
                    ? (object)new { order_sn = x.Order.OrderId, order_status = Status(x.Order) }
                    : new { order_sn = x.Order.OrderId }),
            });
        }));

        g.MapGet("/order/get_order_detail", (HttpContext http, SandboxWorld world) => Shop(http, world, shop =>
        {
            var list = http.Request.Query["order_sn_list"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (list.Length is < 1 or > 50) return Error("error_param", "order_sn_list must have 1 to 50 order_sn.");
            var fields = http.Request.Query["response_optional_fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
            var orders = list.Select(sn => shop.Orders.FirstOrDefault(o => o.OrderId == sn)).OfType<SandboxOrder>().ToList();
            return Ok(new { order_list = orders.Select(o => Detail(o, fields)) });
        }));

        g.MapPost("/order/cancel_order", async (HttpContext http, SandboxWorld world, Webhooks hooks) =>
        {
            var body = await ReadJson(http);
            return Shop(http, world, shop =>
            {
                var order = shop.Orders.FirstOrDefault(o => o.OrderId == body?["order_sn"]?.GetValue<string>());
                if (order is null) return Error("error_not_found", "Order not found.");
                var reason = body?["cancel_reason"]?.GetValue<string>();
                if (reason is not ("OUT_OF_STOCK" or "UNDELIVERABLE_AREA")) return Error("error_param", "Invalid cancel_reason.");
                if (order.State is not (OrderState.Unpaid or OrderState.ReadyToShip))
                    return Error("order.order_status_error", $"Order status {Status(order)} cannot be cancelled by the seller.");
                order.CancelledBy = "seller";
                order.CancelReason = reason;
                world.Touch(order, OrderState.Cancelled);
                PushOrder(order, world, hooks);
                return Ok(new { update_time = SandboxClock.Unix(order.UpdateTime) });
            });
        });

        g.MapPost("/order/handle_buyer_cancellation", async (HttpContext http, SandboxWorld world, Webhooks hooks) =>
        {
            var body = await ReadJson(http);
            return Shop(http, world, shop =>
            {
                var order = shop.Orders.FirstOrDefault(o => o.OrderId == body?["order_sn"]?.GetValue<string>());
                if (order is null) return Error("error_not_found", "Order not found.");
                var operation = body?["operation"]?.GetValue<string>();
                if (operation is not ("ACCEPT" or "REJECT")) return Error("error_param", "operation must be ACCEPT or REJECT.");
                if (order.State != OrderState.InCancel) return Error("order.order_status_error", "The order has no pending cancellation.");
                if (operation == "ACCEPT")
                {
                    order.CancelledBy = "buyer";
                    world.Touch(order, OrderState.Cancelled);
                }
                else
                {
                    world.Touch(order, OrderState.ReadyToShip);
                }
                PushOrder(order, world, hooks);
                return Ok(new { update_time = SandboxClock.Unix(order.UpdateTime) });
            });
        });

        g.MapGet("/logistics/get_shipping_parameter", (HttpContext http, SandboxWorld world) => Shop(http, world, shop =>
        {
            if (Find(shop, http.Request.Query["order_sn"]) is not { } order) return Error("error_not_found", "Order not found.");
            if (order.State != OrderState.ReadyToShip) return Error("logistics.error_status", $"Order status {Status(order)} cannot be arranged.");
            var day = SandboxClock.Unix(world.Clock.Now.Date.AddDays(1));
            return Ok(new
            {
                info_needed = new { dropoff = Array.Empty<string>(), pickup = new[] { "address_id", "pickup_time_id" }, non_integrated = Array.Empty<string>() },
                dropoff = new { branch_list = Array.Empty<object>() },
                pickup = new
                {
                    address_list = new[]
                    {
                        new
                        {
                            address_id = 9001, region = "VN", state = "Thành phố Hồ Chí Minh", city = "", district = "", town = "Phường Sài Gòn",
                            address = "12 Lê Lợi", zipcode = "", address_flag = new[] { "default_address", "pickup_address" },
                            time_slot_list = new[] { new { date = day, time_text = "08:00 - 12:00", pickup_time_id = $"{day}_AM" }, new { date = day, time_text = "13:00 - 17:00", pickup_time_id = $"{day}_PM" } },
                        },
                    },
                },
            });
        }));

        g.MapPost("/logistics/ship_order", async (HttpContext http, SandboxWorld world, Webhooks hooks) =>
        {
            var body = await ReadJson(http);
            return Shop(http, world, shop =>
            {
                if (Find(shop, body?["order_sn"]?.GetValue<string>()) is not { } order) return Error("error_not_found", "Order not found.");
                if (order.State != OrderState.ReadyToShip) return Error("logistics.error_status", $"Order status {Status(order)} cannot be arranged.");
                if (body?["pickup"] is JsonObject pickup)
                {
                    if (pickup["address_id"] is null || pickup["pickup_time_id"] is null) return Error("error_param", "pickup needs address_id and pickup_time_id.");
                }
                else if (body?["dropoff"] is null && body?["non_integrated"] is null)
                {
                    return Error("error_param", "One of pickup, dropoff or non_integrated is required.");
                }
                order.TrackingNumber = "SPXVN" + world.Generator.NextId().ToString("D10");
                order.PackageId = "OFG" + world.Generator.NextId();
                world.Touch(order, OrderState.Processed);
                PushOrder(order, world, hooks);
                Push(world, hooks, shop.ShopId, 4, new { ordersn = order.OrderId, tracking_no = order.TrackingNumber, package_number = order.PackageId });
                return Ok(new { });
            });
        });

        // A RETRY_SHIP order (the carrier's pickup failed) gets a new pickup slot; it is PROCESSED again.
        g.MapPost("/logistics/update_shipping_order", async (HttpContext http, SandboxWorld world, Webhooks hooks) =>
        {
            var body = await ReadJson(http);
            return Shop(http, world, shop =>
            {
                if (Find(shop, body?["order_sn"]?.GetValue<string>()) is not { } order) return Error("error_not_found", "Order not found.");
                if (order.State != OrderState.RetryShip) return Error("logistics.error_status", $"Order status {Status(order)} cannot be re-arranged.");
                if (body?["pickup"] is not JsonObject pickup || pickup["address_id"] is null || pickup["pickup_time_id"] is null)
                    return Error("error_param", "pickup needs address_id and pickup_time_id.");
                world.Touch(order, OrderState.Processed);
                PushOrder(order, world, hooks);
                return Ok(new { });
            });
        });

        g.MapGet("/logistics/get_tracking_number", (HttpContext http, SandboxWorld world) => Shop(http, world, shop =>
        {
            if (Find(shop, http.Request.Query["order_sn"]) is not { } order) return Error("error_not_found", "Order not found.");
            if (order.TrackingNumber is null) return Error("logistics.tracking_number_not_exist", "The tracking number is not ready yet.");
            return Ok(new { tracking_number = order.TrackingNumber, plp_number = "", first_mile_tracking_number = "", last_mile_tracking_number = "", hint = "" });
        }));

        // Air waybills, in Shopee's four steps. The result is PROCESSING on the first poll, READY after.
        var documents = new Dictionary<string, int>();
        g.MapMethods("/logistics/get_shipping_document_parameter", ["GET", "POST"], async (HttpContext http, SandboxWorld world) =>
        {
            var sns = await OrderList(http);
            return Shop(http, world, shop => Ok(new
            {
                result_list = sns.Select(sn => new
                {
                    order_sn = sn, package_number = Find(shop, sn)?.PackageId ?? "",
                    suggest_shipping_document_type = "THERMAL_AIR_WAYBILL",
                    selectable_shipping_document_type = new[] { "NORMAL_AIR_WAYBILL", "THERMAL_AIR_WAYBILL" },
                }),
            }));
        });
        g.MapPost("/logistics/create_shipping_document", async (HttpContext http, SandboxWorld world) =>
        {
            var sns = await OrderList(http);
            return Shop(http, world, shop =>
            {
                if (sns.Count is < 1 or > 50) return Error("error_param", "order_list must have 1 to 50 orders.");
                return Ok(new
                {
                    result_list = sns.Select(sn =>
                    {
                        var order = Find(shop, sn);
                        if (order?.State != OrderState.Processed)
                            return (object)new { order_sn = sn, package_number = "", fail_error = "logistics.package_can_not_print", fail_message = "The package is not in PROCESSED." };
                        lock (documents) documents[sn] = 0;
                        return new { order_sn = sn, package_number = order.PackageId ?? "" };
                    }),
                });
            });
        });
        g.MapPost("/logistics/get_shipping_document_result", async (HttpContext http, SandboxWorld world) =>
        {
            var sns = await OrderList(http);
            return Shop(http, world, _ => Ok(new
            {
                result_list = sns.Select(sn =>
                {
                    lock (documents)
                    {
                        if (!documents.TryGetValue(sn, out var polls)) return new { order_sn = sn, package_number = "", status = "FAILED", fail_error = "logistics.shipping_document_not_created", fail_message = "Create the document first." };
                        documents[sn] = polls + 1;
                        return new { order_sn = sn, package_number = "", status = polls == 0 ? "PROCESSING" : "READY", fail_error = "", fail_message = "" };
                    }
                }),
            }));
        });
        g.MapPost("/logistics/download_shipping_document", async (HttpContext http, SandboxWorld world) =>
        {
            var sns = await OrderList(http);
            return Shop(http, world, shop =>
            {
                var orders = sns.Select(sn => Find(shop, sn)).ToList();
                bool ready;
                lock (documents) ready = orders.All(o => o is not null && documents.GetValueOrDefault(o.OrderId) > 1);
                if (!ready || orders.Count == 0) return Error("logistics.shipping_document_not_ready", "The document is not ready.");
                var lines = orders.SelectMany(o => new[] { $"SHOPEE XPRESS  {o!.TrackingNumber}", $"Order {o.OrderId}", $"To: {o.Recipient.Name}", o.Recipient.FullAddress, $"COD: {(o.IsCod ? o.Total : 0):0} VND", "" });
                return Results.File(Pdf.Label(100, 150, lines), "application/pdf", "awb.pdf");
            });
        });

        g.MapGet("/product/get_item_list", (HttpContext http, SandboxWorld world) => Shop(http, world, shop =>
        {
            var q = http.Request.Query;
            var offset = int.TryParse(q["offset"], out var o) ? o : 0;
            var pageSize = int.TryParse(q["page_size"], out var s) ? s : 0;
            if (pageSize is < 1 or > 100) return Error("error_param", "page_size must be between 1 and 100.");
            var statuses = q["item_status"].Select(v => v!).ToHashSet();
            if (statuses.Count == 0) return Error("error_param", "item_status is required.");
            long? from = long.TryParse(q["update_time_from"], out var f) ? f : null, to = long.TryParse(q["update_time_to"], out var t) ? t : null;
            if (from > to) return Error("error_param", "update_time_from must not be later than update_time_to.");
            var items = shop.Items.Where(i => statuses.Contains(i.Status)
                    && (from is null || SandboxClock.Unix(i.UpdateTime) >= from) && (to is null || SandboxClock.Unix(i.UpdateTime) <= to))
                .OrderBy(i => i.ItemId).ToList();
            var page = items.Skip(offset).Take(pageSize).ToList();
            return Ok(new
            {
                item = page.Select(i => new { item_id = i.ItemId, item_status = i.Status, update_time = SandboxClock.Unix(i.UpdateTime) }),
                total_count = items.Count,
                has_next_page = offset + page.Count < items.Count,
                next_offset = offset + page.Count,
            });
        }));

        g.MapGet("/product/get_item_base_info", (HttpContext http, SandboxWorld world) => Shop(http, world, shop =>
        {
            var ids = http.Request.Query["item_id_list"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
            if (ids.Count is < 1 or > 50) return Error("error_param", "item_id_list must have 1 to 50 ids.");
            return Ok(new
            {
                item_list = shop.Items.Where(i => ids.Contains(i.ItemId)).Select(i => new
                {
                    item_id = i.ItemId, item_name = i.Name, item_sku = i.Sku ?? "", item_status = i.Status, has_model = i.HasModels,
                    update_time = SandboxClock.Unix(i.UpdateTime),
                    price_info = i.HasModels ? null : new[] { new { currency = "VND", current_price = i.Models[0].Price, original_price = i.Models[0].Price } },
                    stock_info_v2 = i.HasModels ? null : new { seller_stock = new[] { new { stock = i.Models[0].Stock } } },
                }),
            });
        }));

        g.MapGet("/product/get_model_list", (HttpContext http, SandboxWorld world) => Shop(http, world, shop =>
        {
            var item = long.TryParse(http.Request.Query["item_id"], out var id) ? shop.Items.FirstOrDefault(i => i.ItemId == id) : null;
            if (item is null) return Error("error_not_found", "Item not found.");
            var models = item.HasModels ? item.Models : [];
            return Ok(new
            {
                tier_variation = item.HasModels ? new[] { new { name = "Phân loại", option_list = models.Select(m => new { option = m.Name }) } } : [],
                model = models.Select(m => new
                {
                    model_id = m.ModelId, model_sku = m.Sku ?? "", model_name = m.Name,
                    price_info = new[] { new { currency = "VND", current_price = m.Price, original_price = m.Price } },
                    stock_info_v2 = new { seller_stock = new[] { new { stock = m.Stock } } },
                }),
            });
        }));

        g.MapPost("/product/update_stock", async (HttpContext http, SandboxWorld world, Recorder recorder) =>
        {
            var body = await ReadJson(http);
            return Shop(http, world, shop =>
            {
                var item = shop.Items.FirstOrDefault(i => i.ItemId == body?["item_id"]?.GetValue<long>());
                if (item is null) return Error("error_not_found", "Item not found.");
                if (body?["stock_list"] is not JsonArray list || list.Count is < 1 or > 50) return Error("error_param", "stock_list must have 1 to 50 models.");
                var success = new List<object>();
                var failure = new List<object>();
                foreach (var entry in list)
                {
                    var modelId = entry?["model_id"]?.GetValue<long>() ?? -1;
                    var stock = entry?["seller_stock"]?[0]?["stock"]?.GetValue<int>();
                    var model = item.Models.FirstOrDefault(m => m.ModelId == modelId);
                    if (model is null || stock is null || stock < 0) failure.Add(new { model_id = modelId, failed_reason = "Invalid model_id or stock." });
                    else if (model.CampaignLocked) failure.Add(new { model_id = modelId, failed_reason = "The stock is locked by an ongoing promotion." });
                    else
                    {
                        model.Stock = stock.Value;
                        item.UpdateTime = world.Clock.Now;
                        recorder.Stock(new RecordedStock(Vendor.Shopee, shop.ShopId, item.ItemId.ToString(), modelId.ToString(), stock.Value, world.Clock.Now));
                        success.Add(new { model_id = modelId, location_id = "VNZ", stock = stock.Value });
                    }
                }
                return Ok(new { success_list = success, failure_list = failure });
            });
        });
    }

    // ---- order rendering -------------------------------------------------------------

    public static string Status(SandboxOrder o) => o.State switch
    {
        OrderState.Unpaid => "UNPAID",
        OrderState.ReadyToShip => "READY_TO_SHIP",
        OrderState.Processed => "PROCESSED",
        OrderState.RetryShip => "RETRY_SHIP",
        OrderState.Shipped => "SHIPPED",
        OrderState.Delivered => "TO_CONFIRM_RECEIVE",
        OrderState.Completed => "COMPLETED",
        OrderState.InCancel => "IN_CANCEL",
        OrderState.Cancelled => "CANCELLED",
        _ => "TO_RETURN",
    };

    /// <summary>
    /// An order as get_order_detail shows it: the base fields always, each optional field only when
    /// response_optional_fields names it (as Shopee does; a client that forgets one simply lacks it).
    /// </summary>
    private static JsonObject Detail(SandboxOrder o, IReadOnlySet<string> fields)
    {
        var detail = new JsonObject
        {
            ["order_sn"] = o.OrderId,
            ["region"] = "VN",
            ["currency"] = "VND",
            ["cod"] = o.IsCod,
            ["order_status"] = Status(o),
            ["message_to_seller"] = o.BuyerNote ?? "",
            ["create_time"] = SandboxClock.Unix(o.CreateTime),
            ["update_time"] = SandboxClock.Unix(o.UpdateTime),
            ["days_to_ship"] = 2,
            ["ship_by_date"] = SandboxClock.Unix(o.ShipBy),
            // Shopee reports the seller's voucher in escrow detail, which the sandbox does not serve; a base field here.
            ["voucher_from_seller"] = o.Voucher,
        };
        var optional = new Dictionary<string, Func<object?>>
        {
            ["buyer_username"] = () => o.BuyerName.ToLowerInvariant().Replace(' ', '_'),
            ["recipient_address"] = () => new
            {
                name = o.Recipient.Name, phone = o.Recipient.Phone, town = "", district = o.Recipient.District ?? "", city = o.Recipient.Ward ?? "",
                state = o.Recipient.Province, region = "VN", zipcode = "", full_address = o.Recipient.FullAddress,
            },
            ["item_list"] = () => o.Lines.Select(l => new
            {
                item_id = l.ItemId, item_name = l.Name, item_sku = o.Shop.Items.First(i => i.ItemId == l.ItemId).Sku ?? "",
                model_id = l.ModelId, model_name = l.Name, model_sku = l.Sku ?? "", model_quantity_purchased = l.Quantity,
                model_original_price = l.OriginalPrice, model_discounted_price = l.DiscountedPrice,
            }),
            ["package_list"] = () => o.PackageId is null ? [] : new[] { new { package_number = o.PackageId, logistics_status = LogisticsStatus(o), shipping_carrier = "SPX Express" } },
            ["total_amount"] = () => o.Total,
            ["shipping_carrier"] = () => "SPX Express",
            ["payment_method"] = () => o.IsCod ? "Cash on Delivery" : "ShopeePay",
            ["estimated_shipping_fee"] = () => o.ShippingFee,
            ["pay_time"] = () => o.State == OrderState.Unpaid ? null : SandboxClock.Unix(o.CreateTime.AddMinutes(1)),
            ["cancel_by"] = () => o.CancelledBy ?? "",
            ["cancel_reason"] = () => o.CancelReason ?? "",
            ["buyer_cancel_reason"] = () => o.State == OrderState.InCancel ? "Muốn đổi địa chỉ giao hàng" : "",
        };
        foreach (var (name, value) in optional)
            if (fields.Contains(name)) detail[name] = JsonSerializer.SerializeToNode(value());
        return detail;
    }

    private static string LogisticsStatus(SandboxOrder o) => o.State switch
    {
        OrderState.Processed => "LOGISTICS_REQUEST_CREATED",
        OrderState.RetryShip => "LOGISTICS_PICKUP_FAILED",
        OrderState.Shipped => "LOGISTICS_PICKUP_DONE",
        OrderState.Delivered or OrderState.Completed => "LOGISTICS_DELIVERY_DONE",
        OrderState.ToReturn or OrderState.Returned => "LOGISTICS_DELIVERY_FAILED",
        OrderState.Cancelled => "LOGISTICS_REQUEST_CANCELED",
        _ => "LOGISTICS_READY",
    };

    /// <summary>Push code 3: an order changed status.</summary>
    public static void PushOrder(SandboxOrder o, SandboxWorld world, Webhooks hooks) =>
        Push(world, hooks, o.Shop.ShopId, 3, new { items = Array.Empty<object>(), ordersn = o.OrderId, status = Status(o), completed_scenario = "", update_time = SandboxClock.Unix(o.UpdateTime) });

    /// <summary>Code 6 banned_item_push: Shopee tells the seller only about its own bans, not about the seller's unlisting.</summary>
    public static void PushBanned(SandboxItem item, SandboxShop shop, SandboxWorld world, Webhooks hooks) =>
        Push(world, hooks, shop.ShopId, 6, new { item_id = item.ItemId, item_status = item.Status, update_time = SandboxClock.Unix(item.UpdateTime) });

    private static void Push(SandboxWorld world, Webhooks hooks, long shopId, int code, object data)
    {
        var body = JsonSerializer.Serialize(new { shop_id = shopId, code, timestamp = SandboxClock.Unix(world.Clock.Now), data });
        hooks.Json(Vendor.Shopee, body, (url, raw) => new Dictionary<string, string>
        {
            ["Authorization"] = Signatures.HmacSha256Hex(world.Credentials.ShopeePartnerKey, url + "|" + raw),
        });
    }

    // ---- the common checks -------------------------------------------------------------

    /// <summary>Runs a shop API: checks partner, timestamp, sign, token and shop, then <paramref name="body"/>.</summary>
    private static IResult Shop(HttpContext http, SandboxWorld world, Func<SandboxShop, IResult> body)
    {
        lock (world.Sync)
        {
            if (Check(http, world, shopApi: true) is { } error) return error;
            var shop = long.TryParse(http.Request.Query["shop_id"], out var shopId) ? world.FindShop(Vendor.Shopee, shopId) : null;
            return shop is null ? Error("error_shop", "Shop not found.") : body(shop);
        }
    }

    /// <summary>The checks every call gets, in Shopee's order; null when the request may proceed.</summary>
    private static IResult? Check(HttpContext http, SandboxWorld world, bool shopApi)
    {
        var q = http.Request.Query;
        if (!long.TryParse(q["partner_id"], out var partnerId) || partnerId != world.Credentials.ShopeePartnerId)
            return Error("error_param", "Invalid partner_id.", 403);
        if (!long.TryParse(q["timestamp"], out var timestamp) || Math.Abs(SandboxClock.Unix(DateTime.UtcNow) - timestamp) > 300)
            return Error("error_param", "Invalid timestamp.", 403);
        var path = http.Request.Path.Value![Prefix.Length..];
        var baseString = $"{partnerId}{path}{timestamp}";
        if (shopApi) baseString += $"{q["access_token"]}{q["shop_id"]}";
        if (!Signatures.Same(Signatures.HmacSha256Hex(world.Credentials.ShopeePartnerKey, baseString), q["sign"]))
            return Error("error_sign", "Wrong sign.", 403);
        if (!shopApi) return null;
        var grant = world.Access(Vendor.Shopee, q["access_token"]);
        if (grant is null || grant.ShopId.ToString() != q["shop_id"]) return Error("error_auth", "Invalid access_token.", 403);
        return null;
    }

    private static IResult Ok(object response) =>
        Results.Json(new { request_id = VendorErrors.Id(), error = "", message = "", response });

    private static IResult Error(string error, string message, int status = 200) =>
        Results.Json(new { request_id = VendorErrors.Id(), error, message }, statusCode: status);

    private static SandboxOrder? Find(SandboxShop shop, string? orderSn) => shop.Orders.FirstOrDefault(o => o.OrderId == orderSn);

    private static async Task<JsonNode?> ReadJson(HttpContext http)
    {
        try { return await JsonNode.ParseAsync(http.Request.Body); }
        catch (JsonException) { return null; }
    }

    private static async Task<List<string>> OrderList(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method))
            return http.Request.Query["order_sn"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        var body = await ReadJson(http);
        return (body?["order_list"] as JsonArray)?.Select(o => o?["order_sn"]?.GetValue<string>()).OfType<string>().ToList() ?? [];
    }
}

/// <summary>An opaque, stable keyset cursor: (sort key, id) of the last row returned.</summary>
public static class Cursor
{
    public static string Encode(long key, string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{id}"));

    public static (long Key, string Id)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            var colon = text.IndexOf(':');
            return (long.Parse(text[..colon]), text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
