using System.Net;
using System.Text;
using SellerHub.Sandbox.Vendors;
using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Admin;

/// <summary>
/// /sandbox: credentials, the recorded truth, and the scenario and fault controls (README.md lists them).
/// </summary>
public static class AdminApi
{
    public sealed record WebhookTarget(Vendor Vendor, string Url);
    public sealed record Advance(double Minutes);
    public sealed record Rate(double OrdersPerMinute);
    public sealed record ItemStatus(string Status);
    public sealed record CampaignLock(bool Locked);
    public sealed record WaybillStatus(string Status);
    public sealed record NewItem(string Name, string? Sku, int Models, int Stock = 0);
    public sealed record TelegramStart(long ChatId, string Name, string? Payload);
    public sealed record TelegramPress(long ChatId, int MessageId, string Data);
    public sealed record TelegramBlock(long ChatId);
    /// <summary>One line of a given order: a model by seller SKU, or by item id and model id (0 for an item without variants).</summary>
    public sealed record GivenLine(long? ItemId, long? ModelId, string? Sku, int Quantity = 1, decimal? Price = null, decimal Discount = 0);
    public sealed record GivenRecipient(string Name, string Phone, string Street, string? Ward, string? District, string Province);
    /// <summary>An order as the scenario needs it; what is left out (buyer, recipient) is generated.</summary>
    public sealed record GivenOrder(List<GivenLine> Lines, string? Buyer = null, GivenRecipient? Recipient = null, bool Cod = true, bool Paid = true,
        decimal Voucher = 0, decimal ShippingFee = 0, string? Note = null);

    public static void Map(WebApplication app)
    {
        var g = app.MapGroup("/sandbox");

        g.MapGet("/credentials", (SandboxWorld world, Webhooks hooks) =>
        {
            var c = world.Credentials;
            lock (world.Sync)
                return Results.Json(new
                {
                    shopee = new { partner_id = c.ShopeePartnerId, partner_key = c.ShopeePartnerKey, shops = Ids(world, Vendor.Shopee) },
                    lazada = new { app_key = c.LazadaAppKey, app_secret = c.LazadaAppSecret, sellers = Ids(world, Vendor.Lazada) },
                    tiktok = new { app_key = c.TikTokAppKey, app_secret = c.TikTokAppSecret, service_id = c.TikTokServiceId, shops = world.Shops.Where(s => s.Vendor == Vendor.TikTok).Select(s => new { id = s.ShopId.ToString(), cipher = s.Cipher }) },
                    ghn = new { token = c.GhnToken, shop_id = c.GhnShopId },
                    ghtk = new { token = c.GhtkToken, partner_code = c.GhtkPartnerCode },
                    telegram = new { bot_token = c.TelegramBotToken, bot_username = c.TelegramBotUsername },
                    webhooks = Enum.GetValues<Vendor>().ToDictionary(v => v.ToString(), hooks.UrlOf),
                });
        });

        g.MapGet("/recorded/calls", (Recorder r, string? vendor) =>
            Results.Json(r.Calls.Where(c => vendor is null || c.Vendor.ToString().Equals(vendor, StringComparison.OrdinalIgnoreCase))
                .Select(c => new { vendor = c.Vendor.ToString(), method = c.Method, path = c.Path, status = c.Status, at = c.At, error = c.Error })));
        g.MapGet("/recorded/webhooks", (Recorder r) =>
            Results.Json(r.Webhooks.Select(w => new { vendor = w.Vendor.ToString(), url = w.Url, body = w.Body, status = w.Status, at = w.At, dropped = w.Dropped })));
        g.MapGet("/recorded/stock", (Recorder r) =>
            Results.Json(r.StockSet.Select(s => new { vendor = s.Vendor.ToString(), shop_id = s.ShopId, item_id = s.ItemId, model_id = s.ModelId, stock = s.Stock, at = s.At })));
        g.MapGet("/recorded/waybills", (SandboxWorld world) =>
        {
            lock (world.Sync)
                return Results.Json(world.Shipments.Select(p => new
                {
                    carrier = p.Carrier.ToString(), client_order_code = p.ClientOrderCode, tracking_code = p.TrackingCode, status = p.Status,
                    create_calls = p.CreateCalls, cod = p.Cod, fee = p.Fee, created_at = p.CreatedAt,
                }).ToList());
        });
        g.MapGet("/recorded/telegram", (Recorder r) =>
            Results.Json(r.TelegramMessages.GroupBy(m => m.ChatId).ToDictionary(g => g.Key.ToString(),
                g => g.Select(m => new { message_id = m.MessageId, text = m.Text, parse_mode = m.ParseMode, at = m.At }))));

        g.MapGet("/admin/shops", (SandboxWorld world) =>
        {
            lock (world.Sync)
                return Results.Json(world.Shops.Select(s => new
                {
                    vendor = s.Vendor.ToString(), shop_id = s.ShopId, name = s.Name, orders_per_minute = s.OrdersPerMinute,
                    orders = s.Orders.Count,
                    items = s.Items.Select(i => new
                    {
                        item_id = i.ItemId, name = i.Name, sku = i.Sku, status = i.Status,
                        models = i.Models.Select(m => new { model_id = m.ModelId, sku = m.Sku, stock = m.Stock, campaign_locked = m.CampaignLocked }),
                    }),
                }).ToList());
        });

        g.MapGet("/admin/orders", (SandboxWorld world, string? vendor) =>
        {
            lock (world.Sync)
                return Results.Json(world.Shops.Where(s => vendor is null || s.Vendor.ToString().Equals(vendor, StringComparison.OrdinalIgnoreCase))
                    .SelectMany(s => s.Orders).OrderBy(o => o.CreateTime).Select(o => new
                    {
                        vendor = o.Shop.Vendor.ToString(), shop_id = o.Shop.ShopId, order_id = o.OrderId, state = o.State.ToString(),
                        created = o.CreateTime, updated = o.UpdateTime, ship_by = o.ShipBy, buyer = o.BuyerName, phone = o.Recipient.Phone,
                        address = o.Recipient.FullAddress, cod = o.IsCod, total = o.Total, tracking = o.TrackingNumber,
                    }).ToList());
        });

        g.MapPost("/admin/webhooks", (WebhookTarget target, Webhooks hooks) =>
        {
            hooks.Register(target.Vendor, target.Url);
            return Results.NoContent();
        });

        g.MapPost("/admin/clock/advance", (Advance advance, SandboxWorld world, IEnumerable<IHostedService> services) =>
        {
            world.Clock.Advance(TimeSpan.FromMinutes(advance.Minutes));
            services.OfType<Ticker>().Single().Tick();
            return Results.Json(new { now = world.Clock.Now });
        });

        g.MapPost("/admin/shops/{vendor}/{shopId:long}/orders", (Vendor vendor, long shopId, int? count, SandboxWorld world, Webhooks hooks) =>
        {
            lock (world.Sync)
            {
                if (world.FindShop(vendor, shopId) is not { } shop) return Results.NotFound();
                var created = Enumerable.Range(0, Math.Clamp(count ?? 1, 1, 500))
                    .Select(_ => world.AddOrder(world.Generator.NewOrder(shop, world.Clock.Now, world))).ToList();
                foreach (var order in created) OrderEvents.Changed(order, world, hooks);
                return Results.Json(created.Select(o => new { order_id = o.OrderId, state = o.State.ToString() }));
            }
        });

        g.MapPost("/admin/shops/{vendor}/{shopId:long}/orders/given", (Vendor vendor, long shopId, GivenOrder given, SandboxWorld world, Webhooks hooks) =>
        {
            lock (world.Sync)
            {
                if (world.FindShop(vendor, shopId) is not { } shop) return Results.NotFound();
                if (given.Lines is not { Count: > 0 }) return Results.BadRequest(new { error = "Lines must name at least one model." });
                var lines = new List<OrderLine>();
                foreach (var line in given.Lines)
                {
                    var found = shop.Items.SelectMany(i => i.Models.Select(m => (Item: i, Model: m))).FirstOrDefault(x => line.Sku is not null
                        ? x.Model.Sku == line.Sku
                        : x.Item.ItemId == line.ItemId && x.Model.ModelId == (line.ModelId ?? 0));
                    if (found.Item is null) return Results.BadRequest(new { error = $"No model {line.Sku ?? $"{line.ItemId}/{line.ModelId ?? 0}"} in {vendor} shop {shopId}." });
                    if (line.Quantity < 1) return Results.BadRequest(new { error = "Quantity must be at least 1." });
                    var price = line.Price ?? found.Model.Price;
                    lines.Add(new OrderLine(found.Item.ItemId, found.Model.ModelId, found.Item.Name + (found.Item.HasModels ? $" ({found.Model.Name})" : ""),
                        found.Model.Sku, line.Quantity, price, price - line.Discount) { LineId = world.Generator.NextId() });
                }
                var recipient = given.Recipient is { } r
                    ? new Recipient(r.Name, r.Phone, r.Street, r.Ward, r.District, r.Province, OldStyle: r.District is not null)
                    : world.Generator.Recipient();
                var order = world.AddOrder(world.Generator.GivenOrder(shop, world.Clock.Now, given.Buyer ?? world.Generator.Name(), recipient, lines,
                    given.Cod, given.Paid, given.Voucher, given.ShippingFee, given.Note));
                OrderEvents.Changed(order, world, hooks);
                return Results.Json(new { order_id = order.OrderId, state = order.State.ToString() });
            }
        });

        // A listing with many variants (e.g. a shoe in 120 sizes × colours), for batching scenarios.
        g.MapPost("/admin/shops/{vendor}/{shopId:long}/items", (Vendor vendor, long shopId, NewItem request, SandboxWorld world) =>
        {
            lock (world.Sync)
            {
                if (world.FindShop(vendor, shopId) is not { } shop) return Results.NotFound();
                var item = new SandboxItem { ItemId = shop.ShopId * 1000 + world.Generator.NextId(), Name = request.Name, Sku = request.Sku, HasModels = request.Models > 0, UpdateTime = world.Clock.Now };
                for (var i = 1; i <= Math.Max(1, request.Models); i++)
                    item.Models.Add(new SandboxModel
                    {
                        ModelId = request.Models > 0 ? item.ItemId * 1000 + i : 0, Name = request.Models > 0 ? $"Mẫu {i}" : request.Name,
                        Sku = request.Sku is null ? null : request.Models > 0 ? $"{request.Sku}-{i}" : request.Sku, Price = 100000, Stock = request.Stock,
                    });
                shop.Items.Add(item);
                return Results.Json(new { item_id = item.ItemId, models = item.Models.Select(m => m.ModelId) });
            }
        });

        g.MapPut("/admin/shops/{vendor}/{shopId:long}/rate", (Vendor vendor, long shopId, Rate rate, SandboxWorld world) =>
        {
            lock (world.Sync)
            {
                if (world.FindShop(vendor, shopId) is not { } shop) return Results.NotFound();
                shop.OrdersPerMinute = Math.Max(0, rate.OrdersPerMinute);
                return Results.NoContent();
            }
        });

        g.MapPost("/admin/shops/{vendor}/{shopId:long}/expire-tokens", (Vendor vendor, long shopId, SandboxWorld world) =>
        {
            lock (world.Sync) return Results.Json(new { expired = world.ExpireTokens(vendor, shopId) });
        });

        g.MapPost("/admin/shops/{vendor}/{shopId:long}/revoke", (Vendor vendor, long shopId, SandboxWorld world) =>
        {
            lock (world.Sync) return Results.Json(new { revoked = world.RevokeAuthorisation(vendor, shopId) });
        });

        g.MapPost("/admin/orders/{orderId}/buyer-cancel", (string orderId, SandboxWorld world, Webhooks hooks) => OnOrder(world, orderId, order =>
        {
            if (order.State is not (OrderState.ReadyToShip or OrderState.Processed or OrderState.Unpaid)) return Results.Conflict(new { error = $"An order in {order.State} cannot be cancel-requested." });
            order.CancelId = "CR" + world.Generator.NextId();
            order.CancelDeadline = world.Clock.Now.AddDays(1);
            world.Touch(order, OrderState.InCancel);
            OrderEvents.Changed(order, world, hooks);
            if (order.Shop.Vendor == Vendor.TikTok) TikTokApi.PushCancellation(order, "CANCELLATION_REQUEST_PENDING", world, hooks);
            return Results.Json(new { order_id = order.OrderId, cancel_id = order.CancelId });
        }));

        g.MapPost("/admin/orders/{orderId}/refuse-pickup", (string orderId, SandboxWorld world) => OnOrder(world, orderId, order =>
        {
            order.RefusePickup = true;
            return Results.NoContent();
        }));

        g.MapPost("/admin/orders/{orderId}/fail-delivery", (string orderId, SandboxWorld world) => OnOrder(world, orderId, order =>
        {
            order.FailDelivery = true;
            return Results.NoContent();
        }));

        g.MapPost("/admin/waybills/{trackingCode}/refuse-pickup", (string trackingCode, SandboxWorld world) => OnParcel(world, trackingCode, p => p.RefusePickup = true));
        g.MapPost("/admin/waybills/{trackingCode}/fail-delivery", (string trackingCode, SandboxWorld world) => OnParcel(world, trackingCode, p => p.FailDelivery = true));

        // Any status of the carrier's list (GHN words, GHTK numbers), with its push: for the rare ones the clock never reaches.
        g.MapPut("/admin/waybills/{trackingCode}/status", (string trackingCode, WaybillStatus status, SandboxWorld world, Webhooks hooks) =>
        {
            lock (world.Sync)
            {
                if (world.Shipments.FirstOrDefault(p => p.TrackingCode == trackingCode) is not { } parcel) return Results.NotFound();
                if (!CarrierProgress.IsStatusOf(parcel.Carrier, status.Status))
                    return Results.BadRequest(new
                    {
                        error = $"{status.Status} is not a {parcel.Carrier} status.",
                        allowed = parcel.Carrier == Vendor.Ghn ? CarrierProgress.GhnStatuses : CarrierProgress.GhtkStatuses,
                    });
                CarrierProgress.Set(parcel, status.Status, world.Clock.Now, world, hooks);
                return Results.NoContent();
            }
        });

        g.MapPut("/admin/items/{itemId:long}/status", (long itemId, ItemStatus status, SandboxWorld world, Webhooks hooks) => OnItem(world, itemId, (item, shop) =>
        {
            item.Status = status.Status;
            item.UpdateTime = world.Clock.Now;
            // A ban is the marketplace's doing, so it tells the seller (Lazada documents no product push).
            if (status.Status != "BANNED") return;
            if (shop.Vendor == Vendor.Shopee) ShopeeApi.PushBanned(item, shop, world, hooks);
            if (shop.Vendor == Vendor.TikTok) TikTokApi.PushProductStatus(item, shop, world, hooks);
        }));

        // The marketplace purges the item: it is no longer listed under any status.
        g.MapDelete("/admin/items/{itemId:long}", (long itemId, SandboxWorld world) => OnItem(world, itemId, (item, shop) => shop.Items.Remove(item)));
        // The seller removes one variant: the item lists its other models, with a new update time.
        g.MapDelete("/admin/items/{itemId:long}/models/{modelId:long}", (long itemId, long modelId, SandboxWorld world) => OnItem(world, itemId, (item, _) =>
        {
            item.Models.RemoveAll(m => m.ModelId == modelId);
            item.UpdateTime = world.Clock.Now;
        }));

        g.MapPut("/admin/items/{itemId:long}/campaign-lock", (long itemId, CampaignLock campaign, SandboxWorld world) => OnItem(world, itemId, (item, _) =>
        {
            foreach (var model in item.Models) model.CampaignLocked = campaign.Locked;
        }));

        g.MapPut("/admin/faults/{vendor}", (Vendor vendor, FaultSettings settings, SandboxWorld world) =>
        {
            world.Faults.Set(vendor, settings);
            return Results.NoContent();
        });

        g.MapPost("/admin/telegram/start", (TelegramStart start, SandboxWorld world) =>
        {
            lock (world.Sync) return Results.Json(TelegramApi.Start(world, start.ChatId, start.Name, start.Payload));
        });
        g.MapPost("/admin/telegram/press", (TelegramPress press, SandboxWorld world) =>
        {
            lock (world.Sync)
                return world.Telegram.Chats.ContainsKey(press.ChatId)
                    ? Results.Json(TelegramApi.Press(world, press.ChatId, press.MessageId, press.Data))
                    : Results.NotFound();
        });
        g.MapPost("/admin/telegram/block", (TelegramBlock block, SandboxWorld world) =>
        {
            lock (world.Sync)
            {
                if (!world.Telegram.Chats.TryGetValue(block.ChatId, out var chat)) return Results.NotFound();
                chat.Blocked = true;
                return Results.NoContent();
            }
        });

        g.MapGet("/", (SandboxWorld world, Recorder recorder) => Results.Content(Page(world, recorder), "text/html; charset=utf-8"));
    }

    private static IEnumerable<long> Ids(SandboxWorld world, Vendor vendor) => world.Shops.Where(s => s.Vendor == vendor).Select(s => s.ShopId).ToList();

    private static IResult OnOrder(SandboxWorld world, string orderId, Func<SandboxOrder, IResult> act)
    {
        lock (world.Sync)
            return world.Shops.SelectMany(s => s.Orders).FirstOrDefault(o => o.OrderId == orderId) is { } order ? act(order) : Results.NotFound();
    }

    private static IResult OnParcel(SandboxWorld world, string trackingCode, Action<CarrierShipment> act)
    {
        lock (world.Sync)
        {
            if (world.Shipments.FirstOrDefault(p => p.TrackingCode == trackingCode) is not { } parcel) return Results.NotFound();
            act(parcel);
            return Results.NoContent();
        }
    }

    private static IResult OnItem(SandboxWorld world, long itemId, Action<SandboxItem, SandboxShop> act)
    {
        lock (world.Sync)
        {
            foreach (var shop in world.Shops)
                if (shop.Items.FirstOrDefault(i => i.ItemId == itemId) is { } item)
                {
                    act(item, shop);
                    return Results.NoContent();
                }
            return Results.NotFound();
        }
    }

    /// <summary>A plain page for a person: shops, latest orders, stock pushes, waybills, Telegram messages.</summary>
    private static string Page(SandboxWorld world, Recorder recorder)
    {
        static string E(object? v) => WebUtility.HtmlEncode(v?.ToString() ?? "");
        var html = new StringBuilder("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>SellerHub sandbox</title>" +
            "<style>body{font-family:sans-serif;margin:24px}table{border-collapse:collapse;margin-bottom:24px}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px}</style></head><body>");
        html.Append($"<h1>SellerHub sandbox</h1><p>Sandbox time: {E(world.Clock.Now.ToString("u"))} · <a href=\"/sandbox/credentials\">credentials</a></p>");
        lock (world.Sync)
        {
            html.Append("<h2>Shops</h2><table><tr><th>Vendor</th><th>Shop</th><th>Name</th><th>Orders</th><th>Orders/min</th></tr>");
            foreach (var s in world.Shops) html.Append($"<tr><td>{s.Vendor}</td><td>{s.ShopId}</td><td>{E(s.Name)}</td><td>{s.Orders.Count}</td><td>{s.OrdersPerMinute}</td></tr>");
            html.Append("</table><h2>Latest orders</h2><table><tr><th>Vendor</th><th>Order</th><th>State</th><th>Buyer</th><th>Phone</th><th>Address</th><th>Total</th></tr>");
            foreach (var o in world.Shops.SelectMany(s => s.Orders).OrderByDescending(o => o.UpdateTime).Take(30))
                html.Append($"<tr><td>{o.Shop.Vendor}</td><td>{E(o.OrderId)}</td><td>{o.State}</td><td>{E(o.BuyerName)}</td><td>{E(o.Recipient.Phone)}</td><td>{E(o.Recipient.FullAddress)}</td><td>{o.Total:N0}</td></tr>");
            html.Append("</table><h2>Carrier waybills</h2><table><tr><th>Carrier</th><th>Client code</th><th>Tracking</th><th>Status</th><th>Create calls</th></tr>");
            foreach (var p in world.Shipments) html.Append($"<tr><td>{p.Carrier}</td><td>{E(p.ClientOrderCode)}</td><td>{E(p.TrackingCode)}</td><td>{E(p.Status)}</td><td>{p.CreateCalls}</td></tr>");
        }
        html.Append("</table><h2>Stock pushes received</h2><table><tr><th>Vendor</th><th>Item</th><th>Model</th><th>Stock</th><th>At</th></tr>");
        foreach (var s in recorder.StockSet) html.Append($"<tr><td>{s.Vendor}</td><td>{E(s.ItemId)}</td><td>{E(s.ModelId)}</td><td>{s.Stock}</td><td>{s.At:u}</td></tr>");
        html.Append("</table><h2>Telegram messages</h2><table><tr><th>Chat</th><th>Text</th><th>At</th></tr>");
        foreach (var m in recorder.TelegramMessages.TakeLast(30)) html.Append($"<tr><td>{m.ChatId}</td><td>{E(m.Text)}</td><td>{m.At:u}</td></tr>");
        html.Append("</table></body></html>");
        return html.ToString();
    }
}
