using SellerHub.Channels;
using SellerHub.Persistence;

namespace SellerHub.Orders;

[Flags]
public enum OrderWarning
{
    None = 0,
    OutOfStock = 1,          // Hết hàng
    UnlinkedListing = 2,     // Sản phẩm chưa liên kết
    RecipientIncomplete = 4, // Thông tin người nhận chưa đầy đủ
    Unpaid = 8,              // Chưa thanh toán
    NearDeadline = 16,       // Sắp quá hạn
    Overdue = 32,            // Quá hạn
    AddressNeedsReview = 64, // Cần xác nhận địa chỉ: an old ward that was split, or a name that fits several
    PhoneToCheck = 128,      // Số điện thoại cần kiểm tra: right length, a prefix not allocated yet (does not block approval)
}

public static class OrderWarnings
{
    /// <summary>The warnings in the staff's words: "Hết hàng, Quá hạn".</summary>
    public static string Name(OrderWarning warnings) => string.Join(", ", Enum.GetValues<OrderWarning>()
        .Where(w => w != OrderWarning.None && warnings.HasFlag(w))
        .Select(w => Messages.ResourceManager.GetString("OrderWarning_" + w, Messages.Culture) ?? w.ToString()));
}

/// <summary>One order from one shop (or made by hand), the same marketplace order always one row.</summary>
public sealed class Order : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid? ShopId { get; init; }
    public ChannelType Channel { get; init; }
    public required string ChannelOrderId { get; init; }
    /// <summary>The channel's own status word, verbatim.</summary>
    public string ChannelStatus { get; set; } = "";
    public OrderStatus Status { get; set; }
    public DateTime ChannelUpdatedAt { get; set; }
    public string? BuyerName { get; set; }
    public string? RecipientName { get; set; }
    /// <summary>E.164 when the number checks out, else as given.</summary>
    public string? RecipientPhone { get; set; }
    public string? RecipientAddress { get; set; }
    /// <summary>The 2025 province and ward, when known (typed in, or resolved from the channel's address).</summary>
    public string? RecipientProvinceCode { get; set; }
    public string? RecipientWardCode { get; set; }
    /// <summary>Why the address needs a person ("Phường Đa Kao cũ nay thuộc nhiều phường mới…"); null when resolved.</summary>
    public string? AddressReview { get; set; }
    /// <summary>The new wards the address may mean, comma-separated, offered first when staff confirm it.</summary>
    public string? AddressCandidates { get; set; }
    /// <summary>Staff confirmed or corrected the address: the channel's copy no longer overrides it.</summary>
    public bool AddressConfirmed { get; set; }
    /// <summary>Where the order's stock is held: the shop's warehouse, or the one chosen for a manual order.</summary>
    public Guid? WarehouseId { get; set; }
    public string? PaymentMethod { get; set; }
    public decimal Total { get; set; }
    public decimal CodAmount { get; set; }
    public decimal ShippingFee { get; set; }
    public string? BuyerNote { get; set; }
    public DateTime OrderedAt { get; set; }
    public DateTime? ShipBy { get; set; }
    public string? CancelRequestId { get; set; }
    /// <summary>When the marketplace decides the buyer's cancel request by itself if staff do not.</summary>
    public DateTime? CancelDeadline { get; set; }
    /// <summary>Where a rejected cancel request returns the order to.</summary>
    public OrderStatus? StatusBeforeCancelRequest { get; set; }
    /// <summary>The cancel request staff answered; the channel's echo of it does not reopen it.</summary>
    public string? AnsweredCancelRequest { get; set; }
    public OrderWarning Warnings { get; set; }
    /// <summary>Each warning's reason in the staff's words ("AO-THUN-M: thiếu 2").</summary>
    public string? WarningDetail { get; set; }
    /// <summary>Order id, buyer, recipient and phone folded (no tone marks, lower case), for the search box.</summary>
    public string SearchText { get; set; } = "";

    public static string SearchTextOf(string orderId, string? buyer, string? recipient, string? phone) =>
        Common.Text.Fold($"{orderId} {buyer} {recipient} {phone}");
    public required string RawJson { get; set; }
    /// <summary>A manual/API order's Idempotency-Key and a hash of the request it came with.</summary>
    public string? IdempotencyKey { get; init; }
    public string? RequestFingerprint { get; init; }
    public DateTime ImportedAt { get; init; } = DateTime.UtcNow;
    public List<OrderLine> Lines { get; init; } = [];
    public List<OrderEvent> Timeline { get; init; } = [];
}

public sealed class OrderLine
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrderId { get; init; }
    public required string ChannelLineId { get; init; }
    public Guid? ListingId { get; set; }
    public string? ChannelItemId { get; init; }
    public string? ChannelModelId { get; init; }
    public string? SellerSku { get; init; }
    public required string Name { get; init; }
    public int Quantity { get; init; }
    public decimal UnitPrice { get; init; }
    /// <summary>Components snapshotted at import: "productId×qty;…" (combos exploded).</summary>
    public string? Components { get; set; }
    public int Shortage { get; set; }

    public string ReservationKey(Guid orderId) => $"order/{orderId}/line/{ChannelLineId}";
}

/// <summary>The order's timeline: imported, warning raised/cleared, approved by whom, cancel requested…</summary>
public sealed class OrderEvent
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrderId { get; init; }
    public DateTime At { get; init; } = DateTime.UtcNow;
    public required string Text { get; init; }
    public required string ActorName { get; init; }
}
