using SellerHub.Persistence;

namespace SellerHub.Workspaces;

/// <summary>One seller's business: its shops, warehouses, staff and settings.</summary>
public sealed class Workspace : IAuditedSetting
{
    public const string DefaultTimeZone = "Asia/Ho_Chi_Minh";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string? Phone { get; set; }
    public string TimeZoneId { get; set; } = DefaultTimeZone;
    /// <summary>"Cửa hàng mẫu": its shops trade with the sandbox hosted inside SellerHub.</summary>
    [NotAudited] public bool IsDemo { get; set; }
    [NotAudited] public DateTime CreatedAt { get; init; } = DateTime.UtcNow;

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
}

/// <summary>A person's place in a workspace. A person may, in time, belong to several.</summary>
public sealed class Member : ITenantOwned, IAuditedSetting
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid UserId { get; init; }
    public StaffUser? User { get; init; }
    public StaffRole Role { get; set; }
    public bool IsActive { get; set; } = true;
    [NotAudited] public DateTime JoinedAt { get; init; } = DateTime.UtcNow;
}
