namespace SellerHub.Channels;

/// <summary>
/// One call SellerHub made to a marketplace or carrier: what, for which shop, how long, how it ended.
/// Never the query or body (they carry tokens and buyers' data). The sync log page reads these.
/// </summary>
public sealed class VendorCall
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? ShopId { get; init; }
    public required string Vendor { get; init; }
    public required string Method { get; init; }
    public required string Endpoint { get; init; }
    /// <summary>HTTP status, "timeout" or "network-error".</summary>
    public required string Outcome { get; init; }
    /// <summary>The vendor's own error code and message when the answer was a refusal.</summary>
    public string? VendorError { get; init; }
    public int DurationMs { get; init; }
    public DateTime At { get; init; }
}
