using Microsoft.EntityFrameworkCore;
using SellerHub.Addresses;
using SellerHub.Common;

namespace SellerHub.Orders;

public enum PaymentFilter { Cod, Prepaid }

/// <summary>What the order list can be narrowed by; dates are UTC instants (the page converts from the workspace's day).</summary>
public sealed record OrderFilter(
    OrderStatus? Status = null, OrderWarning? Warning = null, Guid? Shop = null, string? Q = null, Channels.ChannelType? Channel = null,
    DateTime? CreatedFrom = null, DateTime? CreatedTo = null, DateTime? ShipByFrom = null, DateTime? ShipByTo = null,
    PaymentFilter? Payment = null, decimal? CodMin = null, decimal? CodMax = null);

/// <summary>The order list's filters, shared by the page and the API.</summary>
public static class OrderList
{
    /// <summary>Statuses still waiting for staff: their warnings are the ones that count.</summary>
    public static readonly OrderStatus[] Open = [OrderStatus.AwaitingPayment, OrderStatus.AwaitingApproval, OrderStatus.Approved, OrderStatus.CancelRequested];

    public static IQueryable<Order> Filter(IQueryable<Order> orders, OrderStatus? status, OrderWarning? warning, Guid? shop, string? q) =>
        Filter(orders, new OrderFilter(status, warning, shop, q));

    public static IQueryable<Order> Filter(IQueryable<Order> orders, OrderFilter f)
    {
        if (f.Status is { } s) orders = orders.Where(o => o.Status == s);
        if (f.Warning is { } w) orders = orders.Where(o => (o.Warnings & w) != 0);
        if (f.Shop is { } id) orders = orders.Where(o => o.ShopId == id);
        if (f.Channel is { } channel) orders = orders.Where(o => o.Channel == channel);
        if (f.CreatedFrom is { } createdFrom) orders = orders.Where(o => o.OrderedAt >= createdFrom);
        if (f.CreatedTo is { } createdTo) orders = orders.Where(o => o.OrderedAt < createdTo);
        if (f.ShipByFrom is { } shipFrom) orders = orders.Where(o => o.ShipBy >= shipFrom);
        if (f.ShipByTo is { } shipTo) orders = orders.Where(o => o.ShipBy < shipTo);
        // COD is what the carrier collects; "Prepaid" is everything else (paid online, card, wallet).
        if (f.Payment is PaymentFilter.Cod) orders = orders.Where(o => o.CodAmount > 0);
        if (f.Payment is PaymentFilter.Prepaid) orders = orders.Where(o => o.CodAmount == 0);
        if (f.CodMin is { } min) orders = orders.Where(o => o.CodAmount >= min);
        if (f.CodMax is { } max) orders = orders.Where(o => o.CodAmount <= max);
        var q = f.Q;
        if (!string.IsNullOrWhiteSpace(q))
        {
            // Accent-insensitive: "nguyen van an" finds "Nguyễn Văn An"; a phone in any form finds its order.
            var term = q.Trim();
            var phone = VietnamesePhone.Check(term).E164;
            var folded = Text.Fold(term);
            orders = orders.Where(o => o.ChannelOrderId == term || (phone != null && o.RecipientPhone == phone) || o.SearchText.Contains(folded));
        }
        return orders;
    }

    public sealed record Counts(Dictionary<OrderStatus, int> Statuses, Dictionary<OrderWarning, int> Warnings);

    /// <summary>One number per tab and per warning (warnings of open orders only), for the badges.</summary>
    public static async Task<Counts> CountAsync(IQueryable<Order> orders, CancellationToken ct)
    {
        var byStatus = await orders.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var open = orders.Where(o => Open.Contains(o.Status));
        var warnings = new Dictionary<OrderWarning, int>();
        foreach (var w in Enum.GetValues<OrderWarning>().Where(w => w != OrderWarning.None))
            warnings[w] = await open.CountAsync(o => (o.Warnings & w) != 0, ct);
        return new Counts(Enum.GetValues<OrderStatus>().ToDictionary(s => s, s => byStatus.GetValueOrDefault(s)), warnings);
    }
}
