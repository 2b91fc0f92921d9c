namespace SellerHub.Channels;

public enum ChannelErrorKind
{
    /// <summary>The access token is invalid or expired, and refreshing did not help.</summary>
    Unauthorized,
    /// <summary>The seller must authorise the shop again (refresh token revoked or expired).</summary>
    NeedsReauthorisation,
    RateLimited,
    Unavailable,
    NotFound,
    InvalidRequest,
    /// <summary>The vendor refused a business action (wrong order status, locked stock…).</summary>
    Refused,
}

/// <summary>A vendor's error, typed for SellerHub, with the vendor's own code and message kept.</summary>
public sealed class ChannelException(ChannelErrorKind kind, string vendor, string code, string message)
    : Exception($"{vendor}: {code} — {message}")
{
    public ChannelErrorKind Kind { get; } = kind;
    public string Vendor { get; } = vendor;
    public string Code { get; } = code;
    public string VendorMessage { get; } = message;
    /// <summary>Per-listing reasons when the vendor refused part of a batch (key: SKU or model id).</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }
}
