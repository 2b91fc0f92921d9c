using System.Security.Cryptography;
using System.Text;
using SellerHub.Persistence;

namespace SellerHub.Workspaces;

/// <summary>A one-time link that lets a person join a workspace with a given role.</summary>
public sealed class Invitation : ITenantOwned, IAuditedSetting
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    /// <summary>E-mail (lower case) or phone (E.164) of the person invited.</summary>
    public required string Contact { get; init; }
    public StaffRole Role { get; init; }
    [Secret] public required string TokenHash { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public Guid? InvitedByUserId { get; init; }

    public bool IsUsable(DateTime now) => AcceptedAt is null && RevokedAt is null && now < ExpiresAt;

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
