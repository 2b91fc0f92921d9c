using SellerHub.Persistence;

namespace SellerHub.Channels;

public enum ChannelType
{
    Shopee,
    Lazada,
    TikTokShop,
    Tiki,
    Website,
    Manual,
}

public enum AutoApprovePayment { Any, CodOnly, PrepaidOnly }

/// <summary>A gian hàng: one seller account on one sales channel.</summary>
public sealed class Shop : ITenantOwned, IAuditedSetting
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public ChannelType Channel { get; set; }
    public required string Name { get; set; }
    /// <summary>The marketplace's own shop id (Shopee shop_id, Lazada seller id, …).</summary>
    public string? MarketplaceShopId { get; set; }
    public string Region { get; set; } = "VN";
    public Guid? DefaultWarehouseId { get; set; }
    public bool IsActive { get; set; }
    /// <summary>Tokens and keys, encrypted with ASP.NET Data Protection (purpose <see cref="CredentialsPurpose"/>).</summary>
    [Secret] public string? ProtectedCredentials { get; set; }
    /// <summary>TikTok's shop_cipher.</summary>
    public string? ShopCipher { get; set; }
    public ShopConnection Connection { get; set; }
    /// <summary>Access and refresh tokens (JSON, encrypted). Refreshed every few hours: bookkeeping, not a setting.</summary>
    [Secret, NotAudited] public string? ProtectedTokens { get; set; }
    [NotAudited] public DateTime? TokenExpiresAt { get; set; }
    [NotAudited] public DateTime? RefreshTokenExpiresAt { get; set; }
    [NotAudited] public DateTime? LastSyncAt { get; set; }
    /// <summary>Orders changed up to here are in; the next pull starts here (minus an overlap).</summary>
    [NotAudited] public DateTime? LastOrderPullAt { get; set; }
    [NotAudited] public string? LastError { get; set; }
    /// <summary>Share of sellable stock shown on this shop's listings (0.8 = 80 %, rounded down).</summary>
    public decimal PushRatio { get; set; } = 1m;
    /// <summary>Approve this shop's orders as soon as they are eligible (no blocking warning) and meet the conditions below.</summary>
    public bool AutoApprove { get; set; }
    /// <summary>Only orders collecting at most this much cash on delivery (null: any amount).</summary>
    public decimal? AutoApproveMaxCod { get; set; }
    public AutoApprovePayment AutoApprovePayment { get; set; }
    /// <summary>Leave orders with a buyer note for a person to read.</summary>
    public bool AutoApproveOnlyWithoutNote { get; set; }
    [NotAudited] public DateTime CreatedAt { get; init; } = DateTime.UtcNow;

    public const string CredentialsPurpose = "SellerHub.Shop.Credentials.v1";
    public const string TokensPurpose = "SellerHub.Shop.Tokens.v1";
}
