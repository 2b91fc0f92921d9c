using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;

namespace SellerHub.Workspaces;

/// <summary>Changes a member's role or removes them. The workspace always keeps an active owner.</summary>
public static class ChangeMember
{
    /// <param name="Role">The new role; null leaves it.</param>
    /// <param name="Remove">True removes the member (they can no longer sign in to this workspace).</param>
    public sealed record Command(Guid MemberId, StaffRole? Role, bool Remove = false);

    public static async Task<Member> Handle(Command c, SellerHubDb db, CancellationToken ct)
    {
        var actor = db.Actor;
        actor.Demand(Permission.ManageMembers);
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == c.MemberId && m.IsActive, ct)
            ?? throw new NotFoundException(Messages.MemberNotFound);

        var touchesOwner = member.Role == StaffRole.Owner || c.Role == StaffRole.Owner;
        if (touchesOwner && !actor.Can(Permission.RemoveOwner)) throw new ForbiddenException(Messages.OnlyOwnerChangesOwner);
        if (c.Role is { } granted && !Permissions.CanGrant(actor.Role!.Value, granted))
            throw new ForbiddenException(string.Format(Messages.RoleNotGrantable, Permissions.Describe(granted)));

        var losesOwner = member.Role == StaffRole.Owner && (c.Remove || c.Role is { } r && r != StaffRole.Owner);
        if (losesOwner && !await db.Members.AnyAsync(m => m.Id != member.Id && m.IsActive && m.Role == StaffRole.Owner, ct))
            throw BusinessRuleException.For("role", Messages.LastOwner);

        if (c.Role is { } role) member.Role = role;
        if (c.Remove) member.IsActive = false;
        await db.SaveChangesAsync(ct);
        return member;
    }
}
