using SellerHub.Persistence;

namespace SellerHub.Channels;

/// <summary>
/// A workspace's app on a marketplace (Shopee partner, Lazada or TikTok app): the key, the secret
/// (encrypted with Data Protection), and where to call. Webhooks are verified with this secret.
/// </summary>
public sealed class ChannelAppSetting : ITenantOwned, IAuditedSetting
{
    public const string SecretPurpose = "SellerHub.ChannelApp.Secret.v1";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public ChannelType Channel { get; init; }
    public required string AppKey { get; set; }
    [Secret] public required string ProtectedSecret { get; set; }
    public required string BaseUrl { get; set; }
    public string? AuthBaseUrl { get; set; }
    /// <summary>TikTok's service id for the consent page.</summary>
    public string? ServiceId { get; set; }
}

public enum ShopConnection
{
    NotConnected,
    Connected,
    /// <summary>The marketplace no longer accepts our tokens: the seller must authorise again.</summary>
    NeedsReauthorisation,
}
