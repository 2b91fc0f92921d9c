using Microsoft.EntityFrameworkCore;
using SellerHub.Addresses;
using SellerHub.Common;

namespace SellerHub.Orders;

/// <summary>The order list's filters, shared by the page and the API.</summary>
public static class OrderList
{
    /// <summary>Statuses still waiting for staff: their warnings are the ones that count.</summary>
    public static readonly OrderStatus[] Open = [OrderStatus.AwaitingPayment, OrderStatus.AwaitingApproval, OrderStatus.Approved, OrderStatus.CancelRequested];

    public static IQueryable<Order> Filter(IQueryable<Order> orders, OrderStatus? status, OrderWarning? warning, Guid? shop, string? q)
    {
        if (status is { } s) orders = orders.Where(o => o.Status == s);
        if (warning is { } w) orders = orders.Where(o => (o.Warnings & w) != 0);
        if (shop is { } id) orders = orders.Where(o => o.ShopId == id);
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
