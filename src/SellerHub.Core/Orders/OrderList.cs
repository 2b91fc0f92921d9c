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
        // A literal flag, so the warning's own partial index matches whatever the statement caching does.
        if (f.Warning is { } w) orders = orders.Where(o => (o.Warnings & EF.Constant(w)) != 0);
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
            // A phone number is looked up exactly (its own index); anything else also matches inside names.
            orders = phone is not null
                ? orders.Where(o => o.ChannelOrderId == term || o.RecipientPhone == phone)
                : orders.Where(o => o.ChannelOrderId == term || o.SearchText.Contains(folded));
        }
        return orders;
    }

    public sealed record Counts(Dictionary<OrderStatus, int> Statuses, Dictionary<OrderWarning, int> Warnings);

    /// <summary>The tabs staff work from: counted exactly. The archive tabs (done, cancelled, returned) only up to <see cref="CountCap"/>.</summary>
    public static readonly OrderStatus[] Queues = [.. Open, OrderStatus.Processing, OrderStatus.Shipping];

    /// <summary>An archive tab shows "10.000+" beyond this: counting a million finished orders on every page load helps no one.</summary>
    public const int CountCap = 10_000;

    /// <summary>One number per tab and per warning (warnings of open orders only), for the badges.</summary>
    public static async Task<Counts> CountAsync(IQueryable<Order> orders, CancellationToken ct)
    {
        // One pass over the working tabs, grouped by status and warning combination (a few dozen groups),
        // gives both the tab numbers and, for open orders, the count of each warning.
        var groups = await orders.Where(o => Queues.Contains(o.Status)).GroupBy(o => new { o.Status, o.Warnings })
            .Select(g => new { g.Key.Status, g.Key.Warnings, Count = g.Count() }).ToListAsync(ct);
        var byStatus = groups.GroupBy(g => g.Status).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        foreach (var archived in Enum.GetValues<OrderStatus>().Except(Queues))
            byStatus[archived] = await orders.Where(o => o.Status == archived).OrderBy(o => o.Status).Take(CountCap + 1).CountAsync(ct); // any (…, status) index serves it
        var warnings = Enum.GetValues<OrderWarning>().Where(w => w != OrderWarning.None)
            .ToDictionary(w => w, w => groups.Where(g => Open.Contains(g.Status) && (g.Warnings & w) != 0).Sum(g => g.Count));
        return new Counts(Enum.GetValues<OrderStatus>().ToDictionary(s => s, s => byStatus.GetValueOrDefault(s)), warnings);
    }

    /// <summary>"10.000+" past the cap.</summary>
    public static string Badge(int count) => count > CountCap ? $"{CountCap:#,0}+".Replace(',', '.') : count.ToString("#,0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));
}
