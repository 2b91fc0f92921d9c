using SellerHub.Persistence;

namespace SellerHub.Orders;

/// <summary>
/// A channel order SellerHub refused to import (malformed, partial or absurd), kept raw with the
/// reason for the shop's sync log. One row per channel order; it disappears once a good copy arrives.
/// </summary>
public sealed class RejectedOrder : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid ShopId { get; init; }
    public required string ChannelOrderId { get; init; }
    public required string Error { get; set; }
    public required string RawJson { get; set; }
    public DateTime FirstSeenAt { get; init; } = DateTime.UtcNow;
    public DateTime LastSeenAt { get; set; } = DateTime.UtcNow;
    public int Times { get; set; } = 1;
}
