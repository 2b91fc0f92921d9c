using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;

namespace SellerHub.Workspaces;

/// <summary>
/// The invited person opens the one-time link, picks a name and password, and becomes a member.
/// The link works once; a person belongs to one workspace for now.
/// </summary>
public static class AcceptInvitation
{
    public sealed record Command(string Token, string? DisplayName, string? Email, string? Password);

    /// <summary>The invitation behind a token, if it can still be used (ignores tenancy: the visitor has none yet).</summary>
    public static Task<Invitation?> Find(SellerHubDb db, string token, CancellationToken ct)
    {
        var hash = Invitation.Hash(token);
        var now = DateTime.UtcNow;
        return db.Invitations.IgnoreQueryFilters()
            .FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct);
    }

    public static async Task<Member> Handle(Command c, SellerHubDb db, UserManager<StaffUser> users, CancellationToken ct)
    {
        var invitation = await Find(db, c.Token, ct) ?? throw BusinessRuleException.For("token", Messages.InvitationInvalid);
        var byEmail = Contact.IsEmail(invitation.Contact);
        var email = byEmail ? invitation.Contact : Contact.Normalize(c.Email);

        var v = new Validation().Require("displayName", c.DisplayName).Require("password", c.Password, 128);
        if (!byEmail && !string.IsNullOrWhiteSpace(c.Email) && (email is null || !Contact.IsEmail(email)))
            v.Add("email", Messages.EmailInvalid);
        if (await users.FindByNameAsync(invitation.Contact) is not null
            || (email is not null && await users.FindByEmailAsync(email) is not null))
            v.Add(byEmail ? "token" : "email", string.Format(Messages.AlreadyMemberElsewhere, email ?? invitation.Contact));

        var user = new StaffUser
        {
            UserName = invitation.Contact,
            Email = email,
            EmailConfirmed = byEmail,
            PhoneNumber = byEmail ? null : invitation.Contact,
            PhoneNumberConfirmed = !byEmail,
            DisplayName = c.DisplayName?.Trim() ?? "",
        };
        await IdentityErrors.CheckPasswordAsync(users, user, c.Password, v, "password");
        v.ThrowIfInvalid();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, c.Password!);
        if (!created.Succeeded) throw IdentityErrors.ToException(created, "password");

        invitation.AcceptedAt = DateTime.UtcNow;
        var member = new Member { WorkspaceId = invitation.WorkspaceId, UserId = user.Id, Role = invitation.Role };
        db.Members.Add(member);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await db.FlushMessagesAsync();
        return member;
    }
}
