using SellerHub.Persistence;

namespace SellerHub.Catalog;

public enum LinkState
{
    Unlinked,
    Linked,
}

/// <summary>An item/model of a connected shop, as the channel lists it, and what it sells from the warehouse.</summary>
public sealed class Listing : ITenantOwned, IAuditedSetting
{
    bool IAuditedSetting.AuditsCreation => false;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid ShopId { get; init; }
    public required string ChannelItemId { get; init; }
    /// <summary>"0" for an item without variants.</summary>
    public required string ChannelModelId { get; init; }
    [NotAudited] public string? SellerSku { get; set; }
    [NotAudited] public required string Name { get; set; }
    [NotAudited] public decimal? Price { get; set; }
    [NotAudited] public int? ChannelStock { get; set; }
    /// <summary>The channel's own status word (NORMAL, BANNED, active, SELLER_DEACTIVATED…), or <see cref="NotReturned"/>.</summary>
    [NotAudited] public required string ChannelStatus { get; set; }
    /// <summary>Đang bán (true) / Ngừng bán (false).</summary>
    [NotAudited] public bool IsActive { get; set; }
    public LinkState LinkState { get; set; }
    /// <summary>Why auto-linking left it unlinked, in the seller's words.</summary>
    [NotAudited] public string? UnlinkedReason { get; set; }
    public List<ListingLink> Links { get; init; } = [];
    /// <summary>What the listing is linked to, as text ("AO-THUN-M×1"): its changes are the audit trail of linking.</summary>
    public string? LinkSummary { get; set; }
    /// <summary>At most this many units are shown on the channel.</summary>
    public int? PushCap { get; set; }
    /// <summary>Stock changed since the last push; bumped with <see cref="PushVersion"/> so a push never clears a newer change.</summary>
    [NotAudited] public bool PushDirty { get; set; }
    [NotAudited] public long PushVersion { get; set; }
    [NotAudited] public int? LastPushedQuantity { get; set; }
    [NotAudited] public DateTime? LastPushAt { get; set; }
    [NotAudited] public string? LastPushError { get; set; }
    /// <summary>When the last sync that read it (or found it gone) started; the latest one is the shop's high-water mark.</summary>
    [NotAudited] public DateTime SyncedAt { get; set; }

    /// <summary>The status of a listing the channel no longer returns (deleted there): it has no word of its own for it.</summary>
    public const string NotReturned = "NOT_RETURNED";
}

/// <summary>A listing sells <see cref="Quantity"/> units of a product per unit sold ("pack of 3" = 3).</summary>
public sealed class ListingLink
{
    public Guid ListingId { get; init; }
    public Guid ProductId { get; init; }
    public int Quantity { get; init; } = 1;
}

/// <summary>One push of a listing's quantity: what was sent and what the channel said.</summary>
public sealed class StockPushLog : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid ListingId { get; init; }
    public int Quantity { get; init; }
    public bool Succeeded { get; init; }
    public string? Error { get; init; }
    public DateTime At { get; init; }
}
