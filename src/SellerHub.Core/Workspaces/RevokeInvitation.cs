using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;

namespace SellerHub.Workspaces;

public static class RevokeInvitation
{
    public static async Task Handle(Guid id, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageMembers);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new NotFoundException(Messages.InvitationInvalid);
        if (invitation.AcceptedAt is not null || invitation.RevokedAt is not null) return;
        invitation.RevokedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }
}
