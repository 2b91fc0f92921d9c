using SellerHub.Persistence;

namespace SellerHub.Inventory;

/// <summary>A kho: a place that holds stock and ships parcels.</summary>
public sealed class Warehouse : ITenantOwned, IAuditedSetting
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    /// <summary>Short code, unique per workspace, kept upper case (e.g. "HN01").</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>Contact phone in E.164 (+84…).</summary>
    public required string Phone { get; set; }
    /// <summary>House number and street.</summary>
    public required string Address { get; set; }
    /// <summary>2025 two-tier codes (34 provinces, 3,321 wards).</summary>
    public required string ProvinceCode { get; set; }
    public required string WardCode { get; set; }
    public bool IsActive { get; set; } = true;
    [NotAudited] public DateTime CreatedAt { get; init; } = DateTime.UtcNow;
}
