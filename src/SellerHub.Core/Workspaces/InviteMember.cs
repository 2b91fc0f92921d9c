using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;

namespace SellerHub.Workspaces;

/// <summary>Owner and Manager invite staff by e-mail or phone; the result is a one-time link token.</summary>
public static class InviteMember
{
    public sealed record Command(string? Contact, StaffRole Role);

    public sealed record Result(Invitation Invitation, string Token);

    public static async Task<Result> Handle(Command c, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageMembers);
        if (!Permissions.CanGrant(db.Actor.Role!.Value, c.Role))
            throw new ForbiddenException(string.Format(Messages.RoleNotGrantable, Permissions.Describe(c.Role)));

        var contact = Workspaces.Contact.Normalize(c.Contact);
        var v = new Validation();
        if (contact is null) v.Add("contact", Messages.ContactInvalid);
        else if (await db.Members.AnyAsync(m => m.IsActive && (m.User!.Email == contact || m.User.PhoneNumber == contact || m.User.UserName == contact), ct))
            v.Add("contact", string.Format(Messages.AlreadyMember, contact));
        v.ThrowIfInvalid();

        // A new invitation replaces any earlier one for the same person.
        var now = DateTime.UtcNow;
        foreach (var earlier in await db.Invitations.Where(i => i.Contact == contact && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(ct))
            earlier.RevokedAt = now;

        var token = Invitation.NewToken();
        var invitation = new Invitation
        {
            Contact = contact!,
            Role = c.Role,
            TokenHash = Invitation.Hash(token),
            ExpiresAt = now + Invitation.Lifetime,
            InvitedByUserId = db.Actor.UserId,
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        return new Result(invitation, token);
    }
}
