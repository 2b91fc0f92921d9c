namespace SellerHub.Channels;

/// <summary>
/// A marketplace, as SellerHub needs it: pull orders, answer cancellations, ship, print, sync
/// listings and stock. One adapter per marketplace; each speaks its vendor's own protocol.
/// </summary>
public interface ISalesChannel
{
    ChannelType Channel { get; }

    /// <summary>Orders created or updated in [from, to), paged to the end; ids and the channel's status only.</summary>
    Task<IReadOnlyList<ChannelOrderRef>> ListChangedOrdersAsync(ChannelAccount account, DateTime fromUtc, DateTime toUtc, CancellationToken ct);

    /// <summary>Full orders, fetched in the vendor's batch size (50 for all three marketplaces).</summary>
    Task<IReadOnlyList<ChannelOrder>> GetOrdersAsync(ChannelAccount account, IReadOnlyCollection<string> orderIds, CancellationToken ct);

    Task AnswerBuyerCancellationAsync(ChannelAccount account, ChannelOrder order, bool accept, CancellationToken ct);

    Task CancelOrderAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct);

    /// <summary>Arranges shipment (pickup) / ready-to-ship; returns the tracking number.</summary>
    Task<string> ArrangeShipmentAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct);

    Task<byte[]> GetShippingLabelAsync(ChannelAccount account, ChannelOrder order, CancellationToken ct);

    /// <summary>
    /// Every item/model of the shop, or with <paramref name="changedSinceUtc"/> only the items the channel updated since then
    /// (each with all its models), by the vendor's own update-time filter.
    /// </summary>
    Task<IReadOnlyList<ChannelListing>> ListListingsAsync(ChannelAccount account, DateTime? changedSinceUtc, CancellationToken ct);

    /// <summary>Sets stock for many listings in as few calls as the vendor allows; reports each listing.</summary>
    Task<IReadOnlyList<StockPushResult>> PushStockAsync(ChannelAccount account, IReadOnlyList<StockPush> pushes, CancellationToken ct);
}

/// <summary>The workspace's app on a marketplace: partner id / app key and secret, and where to call.</summary>
public sealed record ChannelApp(string BaseUrl, string Key, string Secret, string? AuthBaseUrl = null);

/// <summary>Where and as whom to call a marketplace. Tokens change as they are refreshed.</summary>
public sealed class ChannelAccount
{
    public required ChannelApp App { get; init; }
    public required Guid ShopId { get; init; }
    public required string MarketplaceShopId { get; init; }
    /// <summary>TikTok's shop_cipher; other vendors leave it empty.</summary>
    public string? ShopCipher { get; init; }
    public required ChannelTokens Tokens { get; set; }

    /// <summary>Called with new tokens after a refresh, so they are stored (encrypted) on the shop.</summary>
    public Func<ChannelTokens, CancellationToken, Task>? TokensRefreshed { get; init; }
}

public sealed record ChannelTokens(string AccessToken, DateTime AccessExpiresAt, string RefreshToken, DateTime? RefreshExpiresAt);

public sealed record ChannelOrderRef(string OrderId, string ChannelStatus, DateTime? UpdatedAt);

public sealed record ChannelOrder(
    string OrderId,
    string ChannelStatus,
    string? BuyerName,
    ChannelRecipient Recipient,
    IReadOnlyList<ChannelOrderLine> Lines,
    decimal ShippingFee,
    decimal SellerDiscount,
    decimal Total,
    decimal CodAmount,
    string? PaymentMethod,
    string? BuyerNote,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? ShipBy,
    bool CancelRequested,
    string? CancelRequestId,
    string? PackageId,
    string? TrackingNumber,
    string RawJson,
    /// <summary>When the marketplace decides a pending buyer cancellation by itself (Lazada, TikTok say; Shopee does not).</summary>
    DateTime? CancelDeadline = null)
{
    /// <summary>Why the adapter could not read this order (a missing or malformed field); the raw JSON is kept.</summary>
    public string? Problem { get; init; }

    /// <summary>What an adapter returns for an order it could not read, so the rest of the page still imports.</summary>
    public static ChannelOrder Unreadable(string? orderId, string problem, string rawJson) =>
        new(string.IsNullOrWhiteSpace(orderId) ? "?" : orderId, "", null, new ChannelRecipient(null, null, null, null, null, null, null), [], 0, 0, 0, 0, null, null,
            DateTime.MinValue, DateTime.MinValue, null, false, null, null, null, rawJson) { Problem = problem };
}

/// <summary>The recipient exactly as the channel gave it; normalisation happens later, in Orders.</summary>
public sealed record ChannelRecipient(string? Name, string? Phone, string? FullAddress, string? Province, string? District, string? Ward, string? Street);

public sealed record ChannelOrderLine(
    string LineId, string ListingId, string? ModelId, string? SellerSku, string Name, int Quantity, decimal OriginalPrice, decimal SalePrice);

public sealed record ChannelListing(
    string ListingId, string? ModelId, string? SellerSku, string Name, decimal? Price, int? Stock, string ChannelStatus, bool IsActive);

public sealed record StockPush(string ListingId, string? ModelId, int Quantity);

/// <param name="CampaignLocked">The channel refused because a promotion/campaign holds the stock: pushing again is pointless until it ends.</param>
public sealed record StockPushResult(StockPush Push, bool Succeeded, string? Error, bool CampaignLocked = false);
