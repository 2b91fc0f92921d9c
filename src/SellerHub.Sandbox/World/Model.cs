namespace SellerHub.Sandbox.World;

public enum Vendor
{
    Shopee,
    Lazada,
    TikTok,
    Ghn,
    Ghtk,
    Telegram,
}

/// <summary>
/// The marketplace's view of an order, vendor-neutral; each vendor renders its own statuses and shape.
/// </summary>
public enum OrderState
{
    Unpaid,
    ReadyToShip,
    Processed,   // arranged / packed + ready to ship; has a tracking number
    RetryShip,   // Shopee: the carrier's pickup failed; the seller arranges again (update_shipping_order)
    Shipped,     // picked up by the carrier
    Delivered,
    Completed,
    InCancel,    // buyer asked to cancel; the seller must answer
    Cancelled,
    ToReturn,    // delivery failed, coming back
    Returned,
}

/// <summary>A seller account on a marketplace, with its catalog, orders and tokens.</summary>
public sealed class SandboxShop
{
    public required Vendor Vendor { get; init; }
    public required long ShopId { get; init; }
    public required string Name { get; init; }
    public string Region { get; init; } = "VN";
    /// <summary>TikTok's shop_cipher.</summary>
    public string Cipher => $"ROW_{ShopId:x}";
    public List<SandboxItem> Items { get; } = [];
    public List<SandboxOrder> Orders { get; } = [];
    public double OrdersPerMinute { get; set; }
    public string? CallbackUrl { get; set; }
}

public sealed class SandboxItem
{
    public required long ItemId { get; init; }
    public required string Name { get; set; }
    public string? Sku { get; set; }
    /// <summary>NORMAL, BANNED, UNLIST, REVIEWING, SELLER_DELETE (Shopee's words; others map them).</summary>
    public string Status { get; set; } = "NORMAL";
    public List<SandboxModel> Models { get; } = [];
    public DateTime UpdateTime { get; set; }
    /// <summary>True when the item has real variants; otherwise it has one model with id 0.</summary>
    public bool HasModels { get; init; }
}

public sealed class SandboxModel
{
    public required long ModelId { get; init; }
    public required string Name { get; init; }
    public string? Sku { get; set; }
    public decimal Price { get; set; }
    public int Stock { get; set; }
    /// <summary>Stock held by a flash sale: updates to it are refused.</summary>
    public bool CampaignLocked { get; set; }
}

public sealed record OrderLine(long ItemId, long ModelId, string Name, string? Sku, int Quantity, decimal OriginalPrice, decimal DiscountedPrice)
{
    public long LineId { get; init; }
}

public sealed record Recipient(string Name, string Phone, string Street, string? Ward, string? District, string Province, bool OldStyle)
{
    public string FullAddress => string.Join(", ", new[] { Street, Ward, District, Province }.Where(p => !string.IsNullOrWhiteSpace(p)));
}

public sealed class SandboxOrder
{
    public required string OrderId { get; init; }
    public required SandboxShop Shop { get; init; }
    public OrderState State { get; set; }
    public DateTime CreateTime { get; init; }
    public DateTime UpdateTime { get; set; }
    public DateTime ShipBy { get; init; }
    public required string BuyerName { get; init; }
    public required Recipient Recipient { get; set; }
    public required List<OrderLine> Lines { get; init; }
    public decimal ShippingFee { get; init; }
    public decimal Voucher { get; init; }
    public bool IsCod { get; init; }
    public string? BuyerNote { get; init; }
    public string? TrackingNumber { get; set; }
    public string? PackageId { get; set; }
    /// <summary>Lazada: packed and then marked ready to ship (two steps); others arrange in one.</summary>
    public bool MarkedReady { get; set; }
    public string? CancelId { get; set; }
    public DateTime? CancelDeadline { get; set; }
    public string? CancelledBy { get; set; }
    public string? CancelReason { get; set; }
    /// <summary>Scenario switches: the carrier will refuse the pickup (once at Shopee, every time elsewhere) / fail the delivery.</summary>
    public bool RefusePickup { get; set; }
    public bool FailDelivery { get; set; }
    /// <summary>Increases on every change: the order of events for paging and webhooks.</summary>
    public long Version { get; set; }

    public decimal Total => Lines.Sum(l => l.DiscountedPrice * l.Quantity) + ShippingFee - Voucher;
}

/// <summary>A parcel created with a carrier (GHN or GHTK) through its create API.</summary>
public sealed class CarrierShipment
{
    public required Vendor Carrier { get; init; }
    public required string ClientOrderCode { get; init; }
    public required string TrackingCode { get; init; }
    public required string Status { get; set; }
    public int CreateCalls { get; set; } = 1;
    public decimal Cod { get; init; }
    public decimal Fee { get; init; }
    public int WeightGrams { get; init; }
    public required string ToName { get; init; }
    public required string ToPhone { get; init; }
    public required string ToAddress { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    public List<(DateTime At, string Status)> Log { get; } = [];
    public bool RefusePickup { get; set; }
    public bool FailDelivery { get; set; }
}
