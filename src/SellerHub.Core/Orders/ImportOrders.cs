using Microsoft.EntityFrameworkCore;
using SellerHub.Addresses;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.Inventory;
using SellerHub.Persistence;

namespace SellerHub.Orders;

/// <summary>
/// The one way channel orders come in, by pull or by push: an idempotent upsert keyed by (shop,
/// channel order id), applied only when newer than what is stored. Lines resolve through the
/// listings' links (combos exploded and snapshotted), stock is reserved in the shop's warehouse
/// (never refused: shortages are flagged), and the warnings are computed.
/// </summary>
public static partial class ImportOrders
{
    public sealed record Result(int Received, int Created, int Updated, int Stale, int Rejected = 0);

    /// <summary>No Vietnamese marketplace order comes near this; a bigger total is a broken payload.</summary>
    public const decimal AbsurdAmount = 5_000_000_000m;

    /// <summary>Ship-by within this is "Sắp quá hạn".</summary>
    public static readonly TimeSpan NearDeadline = TimeSpan.FromHours(12);

    public static async Task<Result> Handle(Shop shop, IReadOnlyList<ChannelOrder> incoming, SellerHubDb db, CancellationToken ct)
    {
        int created = 0, updated = 0, stale = 0, rejected = 0;
        // Orders never seen go in a page at a time (the bulk of any import); the rest one by one below.
        var checkedOrders = incoming.Select(o => (Order: o, Problem: o.Problem ?? Check(o))).ToList();
        var good = checkedOrders.Where(c => c.Problem is null).Select(c => c.Order).ToList();
        var ids = incoming.Select(o => o.OrderId).Distinct().ToList();
        var known = (await db.Orders.Where(o => o.ShopId == shop.Id && ids.Contains(o.ChannelOrderId)).Select(o => o.ChannelOrderId).ToListAsync(ct)).ToHashSet();
        var fresh = good.Where(o => !known.Contains(o.OrderId))
            .GroupBy(o => o.OrderId).Select(g => g.MaxBy(o => o.UpdatedAt)!).ToList();
        var inserted = new HashSet<ChannelOrder>();
        if (fresh.Count > 0)
            for (var attempt = 0; attempt < 3 && inserted.Count == 0; attempt++)
                if (await InsertNewAsync(db, shop, fresh, ct)) inserted.UnionWith(fresh);
        created += fresh.Count(inserted.Contains);
        var insertedIds = inserted.Select(o => o.OrderId).ToHashSet();

        foreach (var (channelOrder, problem) in checkedOrders)
        {
            if (problem is not null)
            {
                await RejectAsync(db, shop, channelOrder, problem, ct); // kept for the sync log; the rest of the batch goes on
                rejected++;
                continue;
            }
            if (inserted.Contains(channelOrder)) continue;
            if (insertedIds.Contains(channelOrder.OrderId)) // an older copy of an order the page just inserted
            {
                stale++;
                continue;
            }
            var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.ShopId == shop.Id && o.ChannelOrderId == channelOrder.OrderId, ct);
            if (order is not null && channelOrder.UpdatedAt < order.ChannelUpdatedAt)
            {
                stale++; // an older event must never move an order backwards
                continue;
            }
            var isNew = order is null;
            order ??= NewOrder(shop, channelOrder);
            var before = order.Status;
            Apply(order, channelOrder);
            if (isNew)
            {
                db.Orders.Add(order);
                order.Timeline.Add(new OrderEvent { OrderId = order.Id, Text = $"Nhập đơn từ {shop.Channel} ({channelOrder.ChannelStatus})", ActorName = db.Actor.Name });
                created++;
            }
            else
            {
                if (before != order.Status)
                    db.Add(new OrderEvent { OrderId = order.Id, Text = $"{OrderTransitions.Name(before)} → {OrderTransitions.Name(order.Status)} ({channelOrder.ChannelStatus})", ActorName = db.Actor.Name });
                updated++;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (Common.UniqueViolation.Is(e))
            {
                db.ChangeTracker.Clear(); // the same order arrived by the other path at the same moment; it is stored
                continue;
            }
            await ReserveOrReleaseAsync(db, shop, order, ct);
            await EvaluateWarningsAsync(db, order, ct);
            db.ChangeTracker.Clear();
        }
        if (good.Count > 0)
        {
            var goodIds = good.Select(o => o.OrderId).ToList();
            await db.RejectedOrders.Where(r => r.ShopId == shop.Id && goodIds.Contains(r.ChannelOrderId)).ExecuteDeleteAsync(ct); // a good copy came
        }
        return new Result(incoming.Count, created, updated, stale, rejected);
    }

    /// <summary>What makes a channel order unusable, in the staff's words; null when it can be imported.</summary>
    public static string? Check(ChannelOrder o)
    {
        if (string.IsNullOrWhiteSpace(o.OrderId) || o.OrderId.Length > 64) return "Thiếu mã đơn hoặc mã đơn không hợp lệ";
        if (o.Lines.Count == 0) return "Đơn không có dòng sản phẩm nào";
        if (o.Lines.FirstOrDefault(l => string.IsNullOrWhiteSpace(l.ListingId)) is { } noItem) return $"Dòng {noItem.LineId} không có mã sản phẩm trên sàn";
        if (o.Lines.FirstOrDefault(l => l.Quantity <= 0) is { } bad) return $"Số lượng {bad.Quantity} không hợp lệ ở dòng {bad.SellerSku ?? bad.LineId}";
        if (o.Lines.Any(l => l.SalePrice is < 0 or > AbsurdAmount) || o.Total is < 0 or > AbsurdAmount || o.CodAmount is < 0 or > AbsurdAmount)
            return $"Số tiền bất thường (tổng {o.Total:#,0} đ)";
        var r = o.Recipient;
        if (string.IsNullOrWhiteSpace(r.Name) && string.IsNullOrWhiteSpace(r.Phone) && string.IsNullOrWhiteSpace(r.FullAddress) && string.IsNullOrWhiteSpace(r.Province))
            return "Thiếu hoàn toàn thông tin người nhận";
        // Bytes that were not UTF-8 decode to U+FFFD: the text is lost, so nothing of it is stored as an order.
        if (new[] { o.BuyerName, r.Name, r.FullAddress, r.Street }.Concat(o.Lines.Select(l => l.Name)).Any(t => t?.Contains('\uFFFD') == true))
            return "Dữ liệu không phải UTF-8 hợp lệ (ký tự bị hỏng)";
        return null;
    }

    private static async Task RejectAsync(SellerHubDb db, Shop shop, ChannelOrder o, string problem, CancellationToken ct)
    {
        var id = o.OrderId.Length > 64 ? o.OrderId[..64] : o.OrderId;
        var raw = o.RawJson.Length > 100_000 ? o.RawJson[..100_000] : o.RawJson;
        var error = problem.Length > 500 ? problem[..500] : problem;
        var seen = await db.RejectedOrders.Where(r => r.ShopId == shop.Id && r.ChannelOrderId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Error, error).SetProperty(r => r.RawJson, raw).SetProperty(r => r.LastSeenAt, DateTime.UtcNow).SetProperty(r => r.Times, r => r.Times + 1), ct);
        if (seen > 0) return;
        db.RejectedOrders.Add(new RejectedOrder { ShopId = shop.Id, ChannelOrderId = id, Error = error, RawJson = raw });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Common.UniqueViolation.Is(e))
        {
            // the same broken order came by pull and push at once: one row is enough
        }
        db.ChangeTracker.Clear();
    }

    private static Order NewOrder(Shop shop, ChannelOrder o)
    {
        var id = Guid.CreateVersion7();
        return new()
        {
            Id = id,
            ShopId = shop.Id,
            Channel = shop.Channel,
            WarehouseId = shop.DefaultWarehouseId,
            ChannelOrderId = o.OrderId,
            RawJson = o.RawJson,
            Status = ChannelStatuses.Map(shop.Channel, o.ChannelStatus, o.CancelRequested),
            Lines = o.Lines.Select(l => new OrderLine
            {
                OrderId = id, ChannelLineId = l.LineId, ChannelItemId = l.ListingId, ChannelModelId = l.ModelId, SellerSku = l.SellerSku,
                Name = l.Name.Length > 300 ? l.Name[..300] : l.Name, Quantity = Math.Max(0, l.Quantity), UnitPrice = l.SalePrice,
            }).ToList(),
        };
    }

    /// <summary>The channel's latest word: status (forward only, the channel wins on terminal ones), amounts, recipient.</summary>
    private static void Apply(Order order, ChannelOrder o)
    {
        var target = ChannelStatuses.Map(order.Channel, o.ChannelStatus, o.CancelRequested);
        var channelDecides = target is OrderStatus.Cancelled or OrderStatus.Shipping or OrderStatus.Completed or OrderStatus.Returned or OrderStatus.CancelRequested;
        // A request staff already answered stays answered while the channel catches up with the decision.
        var answered = target == OrderStatus.CancelRequested && order.AnsweredCancelRequest is { } done && done == CancelRequestKey(o.OrderId, o.CancelRequestId);
        // Local progress (approved) is kept while the channel still says "waiting"; the channel decides the rest.
        if (!answered && !(target == OrderStatus.AwaitingApproval && order.Status is OrderStatus.Approved or OrderStatus.Processing)
            && order.Status is not OrderStatus.Cancelled and not OrderStatus.Returned
            && (OrderTransitions.CanMove(order.Status, target) || channelDecides))
        {
            if (target == OrderStatus.CancelRequested && order.Status != OrderStatus.CancelRequested) order.StatusBeforeCancelRequest = order.Status;
            order.Status = target;
        }
        order.ChannelStatus = o.ChannelStatus;
        order.ChannelUpdatedAt = o.UpdatedAt;
        order.OrderedAt = o.CreatedAt;
        order.ShipBy = o.ShipBy;
        order.BuyerName = o.BuyerName;
        order.RecipientName = o.Recipient.Name;
        var phone = VietnamesePhone.Check(o.Recipient.Phone);
        order.RecipientPhone = phone.E164 ?? o.Recipient.Phone;
        if (!order.AddressConfirmed) Resolve(order, o.Recipient);
        order.PaymentMethod = o.PaymentMethod;
        order.Total = o.Total;
        order.CodAmount = o.CodAmount;
        order.ShippingFee = o.ShippingFee;
        order.BuyerNote = o.BuyerNote;
        order.CancelRequestId = o.CancelRequestId;
        order.CancelDeadline = o.CancelDeadline;
        order.RawJson = o.RawJson;
        order.SearchText = Order.SearchTextOf(order.ChannelOrderId, order.BuyerName, order.RecipientName, phone.National ?? order.RecipientPhone);
    }

    /// <summary>The channel's address onto the 2025 province and ward; what cannot be decided is left for a person, never guessed.</summary>
    private static void Resolve(Order order, ChannelRecipient r)
    {
        order.RecipientAddress = r.FullAddress ?? string.Join(", ", new[] { r.Street, r.Ward, r.District, r.Province }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var address = AddressResolver.Resolve(r.Province, r.District, r.Ward, r.Street, r.FullAddress);
        order.RecipientProvinceCode = address.ProvinceCode;
        order.RecipientWardCode = address.Match == AddressMatch.Resolved ? address.WardCode : null;
        order.AddressReview = address.Reason is { Length: > 500 } reason ? reason[..500] : address.Reason;
        order.AddressCandidates = address.CandidateWardCodes.Count == 0 ? null : string.Join(",", address.CandidateWardCodes.Take(20));
    }

    /// <summary>Names one buyer cancel request (Shopee has no request id: an order has at most one).</summary>
    public static string CancelRequestKey(string channelOrderId, string? cancelRequestId) => cancelRequestId ?? channelOrderId;

    /// <summary>Open orders hold stock; cancelled ones give it back. Both are idempotent by reservation key.</summary>
    private static async Task ReserveOrReleaseAsync(SellerHubDb db, Shop shop, Order order, CancellationToken ct)
    {
        if (order.Status is OrderStatus.Cancelled)
        {
            await StockEngine.ReleaseAsync(db, order.Lines.Select(l => l.ReservationKey(order.Id)).ToList(), "Đơn đã huỷ", ct);
            return;
        }
        if (order.Status is not (OrderStatus.AwaitingPayment or OrderStatus.AwaitingApproval or OrderStatus.Approved or OrderStatus.CancelRequested or OrderStatus.Processing)
            || shop.DefaultWarehouseId is not { } warehouse) return;

        var keys = order.Lines.Where(l => l.ChannelItemId is not null).Select(l => new { l.ChannelItemId, Model = l.ChannelModelId ?? "0" }).ToList();
        var itemIds = keys.Select(k => k.ChannelItemId).Distinct().ToList();
        var listings = await db.Listings.AsNoTracking().Include(l => l.Links).Where(l => l.ShopId == shop.Id && itemIds.Contains(l.ChannelItemId)).ToListAsync(ct);
        var productIds = listings.SelectMany(l => l.Links.Select(k => k.ProductId)).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Include(p => p.Components).Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

        foreach (var line in order.Lines)
        {
            var listing = listings.FirstOrDefault(l => l.ChannelItemId == line.ChannelItemId && l.ChannelModelId == (line.ChannelModelId ?? "0"));
            line.ListingId = listing?.Id;
            if (listing is not { LinkState: LinkState.Linked } || line.Quantity == 0) continue;
            var needs = NeedsOf(listing, products, warehouse, line.Quantity);
            line.Components = string.Join(";", needs.Select(n => $"{n.ProductId}×{n.Quantity}"));
            var reserved = await StockEngine.ReserveAsync(db, line.ReservationKey(order.Id), needs, ct);
            line.Shortage = reserved.Sum(r => r.Shortage);
        }
        await db.SaveChangesAsync(ct); // the lines' listing, components and shortage
    }

    /// <summary>What a line takes from the warehouse: the listing's products, combos exploded into their components.</summary>
    private static List<StockEngine.Need> NeedsOf(Listing listing, IReadOnlyDictionary<Guid, Catalog.Product> products, Guid warehouse, int quantity) =>
        listing.Links.SelectMany(k => products.TryGetValue(k.ProductId, out var p) && p.IsCombo
                ? p.Components.Select(c => (c.ComponentId, c.Quantity * k.Quantity))
                : [(k.ProductId, k.Quantity)])
            .GroupBy(n => n.Item1)
            .Select(g => new StockEngine.Need(g.Key, warehouse, g.Sum(n => n.Item2) * quantity)).ToList();

    /// <summary>
    /// A listing was just linked: its open orders' lines now resolve, so they reserve and their
    /// "Sản phẩm chưa liên kết" warning clears without anyone touching the orders.
    /// </summary>
    public static async Task RefreshForListingAsync(SellerHubDb db, Listing listing, CancellationToken ct)
    {
        var model = listing.ChannelModelId == "0" ? null : listing.ChannelModelId;
        var orderIds = await db.Orders.Where(o => o.ShopId == listing.ShopId && OrderList.Open.Contains(o.Status)
                && o.Lines.Any(l => l.ChannelItemId == listing.ChannelItemId && (l.ChannelModelId == model || l.ChannelModelId == listing.ChannelModelId) && l.Components == null))
            .Select(o => o.Id).ToListAsync(ct);
        if (orderIds.Count == 0) return;
        var shop = await db.Shops.AsNoTracking().SingleAsync(s => s.Id == listing.ShopId, ct);
        foreach (var id in orderIds)
        {
            db.ChangeTracker.Clear();
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == id, ct);
            await ReserveOrReleaseAsync(db, shop, order, ct);
            await EvaluateWarningsAsync(db, order, ct);
        }
    }

    /// <summary>Time passes: open orders whose ship-by came near or went by get "Sắp quá hạn" / "Quá hạn" (the scheduled pull calls this).</summary>
    public static async Task<int> RefreshDeadlinesAsync(SellerHubDb db, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var soon = now + NearDeadline;
        var due = await db.Orders.Where(o => OrderList.Open.Contains(o.Status) && o.ShipBy != null
                && ((o.ShipBy < now && (o.Warnings & OrderWarning.Overdue) == 0)
                    || (o.ShipBy >= now && o.ShipBy < soon && (o.Warnings & OrderWarning.NearDeadline) == 0)))
            .Select(o => o.Id).ToListAsync(ct);
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            await EvaluateWarningsAsync(db, await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == id, ct), ct);
        }
        return due.Count;
    }

    /// <summary>Recomputes the warnings from the order as it is now; raising or clearing one goes on the timeline.</summary>
    public static async Task EvaluateWarningsAsync(SellerHubDb db, Order order, CancellationToken ct)
    {
        var (warnings, detail) = WarningsOf(order, DateTime.UtcNow);
        if (warnings != order.Warnings || string.Join("; ", detail) != (order.WarningDetail ?? ""))
            await SaveWarningsAsync(db, order, warnings, detail, ct);
        await AutoApprove.TryAsync(db, order, ct);
    }

    /// <summary>The order's warnings as it is now, each with its reason in the staff's words.</summary>
    private static (OrderWarning Warnings, List<string> Detail) WarningsOf(Order order, DateTime now)
    {
        var warnings = OrderWarning.None;
        var detail = new List<string>();
        var open = order.Status is OrderStatus.AwaitingPayment or OrderStatus.AwaitingApproval or OrderStatus.Approved or OrderStatus.CancelRequested;
        if (open)
        {
            foreach (var line in order.Lines.Where(l => l.Components is null))
            {
                warnings |= OrderWarning.UnlinkedListing;
                detail.Add($"Chưa liên kết: {line.SellerSku ?? line.Name}");
            }
            foreach (var line in order.Lines.Where(l => l.Shortage > 0))
            {
                warnings |= OrderWarning.OutOfStock;
                detail.Add($"Hết hàng: {line.SellerSku ?? line.Name} thiếu {line.Shortage}");
            }
            var phone = VietnamesePhone.Check(order.RecipientPhone);
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(order.RecipientName)) missing.Add("tên");
            if (phone.Check == PhoneCheck.Invalid) missing.Add("số điện thoại");
            if (string.IsNullOrWhiteSpace(order.RecipientAddress)) missing.Add("địa chỉ");
            else if (order.RecipientWardCode is null && order.AddressCandidates is null) missing.Add($"địa chỉ ({order.AddressReview ?? "chưa có phường/xã"})");
            if (phone.Check == PhoneCheck.UnknownPrefix)
            {
                warnings |= OrderWarning.PhoneToCheck;
                detail.Add($"Đầu số lạ: {phone.National}");
            }
            if (missing.Count > 0)
            {
                warnings |= OrderWarning.RecipientIncomplete;
                detail.Add("Người nhận thiếu/sai: " + string.Join(", ", missing));
            }
            if (order.RecipientWardCode is null && order.AddressCandidates is not null)
            {
                warnings |= OrderWarning.AddressNeedsReview;
                detail.Add(order.AddressReview ?? "Cần xác nhận địa chỉ");
            }
            if (order.Status == OrderStatus.AwaitingPayment) warnings |= OrderWarning.Unpaid;
            if (order.ShipBy is { } shipBy)
            {
                if (shipBy < now) warnings |= OrderWarning.Overdue;
                else if (shipBy - now < NearDeadline) warnings |= OrderWarning.NearDeadline;
            }
        }
        return (warnings, detail);
    }

    private static async Task SaveWarningsAsync(SellerHubDb db, Order order, OrderWarning warnings, List<string> detail, CancellationToken ct)
    {
        var raised = warnings & ~order.Warnings;
        var cleared = order.Warnings & ~warnings;
        await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Warnings, warnings).SetProperty(o => o.WarningDetail, detail.Count == 0 ? null : string.Join("; ", detail)), ct);
        if (raised != OrderWarning.None) db.Add(new OrderEvent { OrderId = order.Id, Text = $"Cảnh báo: {OrderWarnings.Name(raised)}", ActorName = "SellerHub" });
        if (cleared != OrderWarning.None) db.Add(new OrderEvent { OrderId = order.Id, Text = $"Hết cảnh báo: {OrderWarnings.Name(cleared)}", ActorName = "SellerHub" });
        await db.SaveChangesAsync(ct);
        order.Warnings = warnings;
    }
}
