using SellerHub.Channels;

namespace SellerHub.Orders;

/// <summary>Each marketplace's order status onto SellerHub's, one table per channel.</summary>
public static class ChannelStatuses
{
    public static readonly IReadOnlyDictionary<string, OrderStatus> Shopee = new Dictionary<string, OrderStatus>
    {
        ["UNPAID"] = OrderStatus.AwaitingPayment, ["PENDING"] = OrderStatus.AwaitingPayment, ["INVOICE_PENDING"] = OrderStatus.AwaitingApproval,
        ["READY_TO_SHIP"] = OrderStatus.AwaitingApproval, ["PROCESSED"] = OrderStatus.Processing, ["RETRY_SHIP"] = OrderStatus.Processing,
        ["SHIPPED"] = OrderStatus.Shipping, ["TO_CONFIRM_RECEIVE"] = OrderStatus.Shipping, ["COMPLETED"] = OrderStatus.Completed,
        ["IN_CANCEL"] = OrderStatus.CancelRequested, ["CANCELLED"] = OrderStatus.Cancelled, ["TO_RETURN"] = OrderStatus.Returned,
    };

    public static readonly IReadOnlyDictionary<string, OrderStatus> Lazada = new Dictionary<string, OrderStatus>
    {
        ["unpaid"] = OrderStatus.AwaitingPayment, ["pending"] = OrderStatus.AwaitingApproval, ["topack"] = OrderStatus.AwaitingApproval,
        ["packed"] = OrderStatus.Processing, ["repacked"] = OrderStatus.Processing, ["ready_to_ship"] = OrderStatus.Processing, ["toship"] = OrderStatus.Processing,
        ["shipped"] = OrderStatus.Shipping, ["shipping"] = OrderStatus.Shipping, ["delivered"] = OrderStatus.Completed,
        ["canceled"] = OrderStatus.Cancelled, ["failed_delivery"] = OrderStatus.Returned, ["returned"] = OrderStatus.Returned,
        ["lost_by_3pl"] = OrderStatus.Returned, ["damaged_by_3pl"] = OrderStatus.Returned, ["shipped_back"] = OrderStatus.Returned,
    };

    public static readonly IReadOnlyDictionary<string, OrderStatus> TikTok = new Dictionary<string, OrderStatus>
    {
        ["UNPAID"] = OrderStatus.AwaitingPayment, ["ON_HOLD"] = OrderStatus.AwaitingApproval, ["AWAITING_SHIPMENT"] = OrderStatus.AwaitingApproval,
        ["PARTIALLY_SHIPPING"] = OrderStatus.Processing, ["AWAITING_COLLECTION"] = OrderStatus.Processing, ["IN_TRANSIT"] = OrderStatus.Shipping,
        ["DELIVERED"] = OrderStatus.Completed, ["COMPLETED"] = OrderStatus.Completed, ["CANCELLED"] = OrderStatus.Cancelled, ["CANCEL"] = OrderStatus.Cancelled,
    };

    /// <summary>The status the channel implies; a pending buyer cancellation wins over "waiting".</summary>
    public static OrderStatus Map(ChannelType channel, string status, bool cancelRequested)
    {
        var table = channel switch { ChannelType.Shopee => Shopee, ChannelType.Lazada => Lazada, _ => TikTok };
        var mapped = table.TryGetValue(status, out var s) ? s : OrderStatus.AwaitingApproval;
        return cancelRequested && mapped is OrderStatus.AwaitingApproval or OrderStatus.Processing ? OrderStatus.CancelRequested : mapped;
    }
}
