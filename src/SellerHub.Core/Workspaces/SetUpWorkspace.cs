using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SellerHub.Addresses;
using SellerHub.Common;
using SellerHub.Persistence;

namespace SellerHub.Workspaces;

/// <summary>
/// Creates a workspace and its owner in one transaction: the first-visit setup page and the
/// headless <c>setup</c> verb both come here. Nothing is baked in; the owner picks the password.
/// </summary>
public static class SetUpWorkspace
{
    public sealed record Command(
        string? WorkspaceName, string? Phone, string? TimeZoneId,
        string? OwnerName, string? OwnerEmail, string? OwnerPassword);

    public sealed record Result(Guid WorkspaceId, Guid OwnerUserId, Guid OwnerMemberId);

    public static async Task<Result> Handle(Command c, SellerHubDb db, UserManager<StaffUser> users, CancellationToken ct)
    {
        var email = c.OwnerEmail?.Trim().ToLowerInvariant();
        var timeZone = string.IsNullOrWhiteSpace(c.TimeZoneId) ? Workspace.DefaultTimeZone : c.TimeZoneId.Trim();
        var v = new Validation()
            .Require("workspaceName", c.WorkspaceName)
            .Require("ownerEmail", email, 256)
            .Require("ownerPassword", c.OwnerPassword, 128);
        if (!string.IsNullOrWhiteSpace(c.Phone) && VietnamesePhone.Check(c.Phone).Check != PhoneCheck.Valid)
            v.Add("phone", Messages.PhoneInvalid);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)) v.Add("timeZoneId", Messages.TimeZoneUnknown);
        if (email is { Length: > 0 } && (Contact.Normalize(email) is not { } normalized || !Contact.IsEmail(normalized)))
            v.Add("ownerEmail", Messages.EmailInvalid);
        else if (email is { Length: > 0 } && await users.FindByEmailAsync(email) is not null)
            v.Add("ownerEmail", string.Format(Messages.EmailTaken, email));

        var owner = new StaffUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(c.OwnerName) ? email ?? "" : c.OwnerName.Trim(),
        };
        await IdentityErrors.CheckPasswordAsync(users, owner, c.OwnerPassword, v, "ownerPassword");
        v.ThrowIfInvalid();

        var workspace = new Workspace
        {
            Name = c.WorkspaceName!.Trim(),
            Phone = VietnamesePhone.Check(c.Phone).E164,
            TimeZoneId = timeZone,
        };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(owner, c.OwnerPassword!);
        if (!created.Succeeded) throw IdentityErrors.ToException(created, "ownerPassword");

        var member = new Member { WorkspaceId = workspace.Id, UserId = owner.Id, Role = StaffRole.Owner };
        db.Workspaces.Add(workspace);
        db.Members.Add(member);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await db.FlushMessagesAsync();
        return new Result(workspace.Id, owner.Id, member.Id);
    }

    /// <summary>True until the first workspace exists: the web app then shows the setup page.</summary>
    public static async Task<bool> IsNeeded(SellerHubDb db, CancellationToken ct) =>
        !await db.Workspaces.AnyAsync(ct);
}
