using SellerHub.Common;

namespace SellerHub.Orders;

/// <summary>SellerHub's order statuses — the tabs staff work from (product.md).</summary>
public enum OrderStatus
{
    AwaitingPayment,   // Chờ thanh toán
    AwaitingApproval,  // Chờ xác nhận
    Approved,          // Đã duyệt
    CancelRequested,   // Gặp vấn đề: the buyer asked to cancel
    Processing,        // Đang xử lý
    Shipping,          // Đang giao
    Completed,         // Hoàn thành
    Cancelled,         // Đã hủy
    Returned,          // Hoàn hàng
}

/// <summary>The order lifecycle as data: which status may follow which. One test per edge.</summary>
public static class OrderTransitions
{
    public static readonly IReadOnlyDictionary<OrderStatus, OrderStatus[]> Allowed = new Dictionary<OrderStatus, OrderStatus[]>
    {
        [OrderStatus.AwaitingPayment] = [OrderStatus.AwaitingApproval, OrderStatus.Cancelled],
        [OrderStatus.AwaitingApproval] = [OrderStatus.Approved, OrderStatus.CancelRequested, OrderStatus.Cancelled, OrderStatus.Processing, OrderStatus.Shipping],
        [OrderStatus.Approved] = [OrderStatus.Processing, OrderStatus.CancelRequested, OrderStatus.Cancelled, OrderStatus.Shipping],
        [OrderStatus.CancelRequested] = [OrderStatus.AwaitingApproval, OrderStatus.Approved, OrderStatus.Processing, OrderStatus.Cancelled],
        [OrderStatus.Processing] = [OrderStatus.Shipping, OrderStatus.CancelRequested, OrderStatus.Cancelled],
        [OrderStatus.Shipping] = [OrderStatus.Completed, OrderStatus.Returned],
        [OrderStatus.Completed] = [OrderStatus.Returned],
        [OrderStatus.Cancelled] = [],
        [OrderStatus.Returned] = [],
    };

    public static bool CanMove(OrderStatus from, OrderStatus to) => from == to || Allowed[from].Contains(to);

    /// <summary>The next status, or a domain error naming both statuses.</summary>
    public static OrderStatus Move(OrderStatus from, OrderStatus to) =>
        CanMove(from, to) ? to : throw BusinessRuleException.For("status", string.Format(Messages.OrderTransitionRefused, Name(from), Name(to)));

    public static string Name(OrderStatus status) => Messages.ResourceManager.GetString("OrderStatus_" + status, Messages.Culture) ?? status.ToString();
}
