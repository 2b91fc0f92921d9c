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
}
