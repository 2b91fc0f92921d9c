namespace SellerHub.Channels;

/// <summary>
/// A push from a marketplace or carrier, stored raw the moment its signature checks out, and
/// processed later from the outbox. The dedup key makes a redelivery a no-op.
/// </summary>
public sealed class WebhookEvent
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>Shopee, Lazada, TikTokShop, GHN, GHTK.</summary>
    public required string Source { get; init; }
    public required string DedupKey { get; init; }
    public Guid? WorkspaceId { get; init; }
    public string? ExternalShopId { get; init; }
    public required string Body { get; init; }
    public DateTime ReceivedAt { get; init; } = DateTime.UtcNow;
    public DateTime? ProcessedAt { get; set; }
    /// <summary>Why a signed push could not be read (not JSON, not UTF-8); such an event is kept for support and never processed.</summary>
    public string? Error { get; init; }
}

/// <summary>Published with the stored event; the orders and fulfilment features act on it.</summary>
public sealed record WebhookReceived(Guid EventId, string Source);
