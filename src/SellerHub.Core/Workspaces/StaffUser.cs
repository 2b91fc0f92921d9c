using Microsoft.AspNetCore.Identity;

namespace SellerHub.Workspaces;

/// <summary>A person who signs in. Which workspace and role come from <see cref="Member"/>.</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    public StaffUser() => Id = Guid.CreateVersion7();

    public required string DisplayName { get; set; }

    /// <summary>"vi-VN" (default) or "en-US".</summary>
    public string Culture { get; set; } = "vi-VN";
}
