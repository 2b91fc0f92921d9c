using System.Security.Cryptography;
using System.Text;
using SellerHub.Persistence;

namespace SellerHub.Workspaces;

/// <summary>
/// A workspace's key for the REST API. Shown once as <c>shk_&lt;prefix&gt;_&lt;secret&gt;</c>; only the
/// prefix (to find it) and a SHA-256 hash of the whole key are stored.
/// </summary>
public sealed class ApiKey : ITenantOwned, IAuditedSetting
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public required string Name { get; init; }
    public StaffRole Role { get; init; }
    public required string Prefix { get; init; }
    [Secret] public required string SecretHash { get; init; }
    [NotAudited] public DateTime CreatedAt { get; init; } = DateTime.UtcNow;
    public Guid? CreatedByUserId { get; init; }
    public DateTime? RevokedAt { get; set; }
    [NotAudited] public DateTime? LastUsedAt { get; set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Makes a new key; returns the entity to store and the plain key to show once.</summary>
    public static (ApiKey Key, string PlainText) Create(string name, StaffRole role, Guid? createdBy)
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'A').Replace('/', 'B').TrimEnd('=');
        var plain = $"shk_{prefix}_{secret}";
        return (new ApiKey { Name = name, Role = role, Prefix = prefix, SecretHash = Hash(plain), CreatedByUserId = createdBy }, plain);
    }

    /// <summary>The prefix of a presented key, or null when it is not shaped like one of ours.</summary>
    public static string? PrefixOf(string presented)
    {
        var parts = presented.Split('_');
        return parts is ["shk", { Length: 12 } prefix, { Length: > 0 }] ? prefix : null;
    }

    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(SecretHash));

    private static string Hash(string plain) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plain)));
}
