using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Api;

public sealed record MemberDto(Guid Id, Guid UserId, string DisplayName, string? Email, string? Phone, StaffRole Role, DateTime JoinedAt);

public sealed record MemberChange(StaffRole? Role);

public sealed record InvitationInput(string? Contact, StaffRole? Role);

public sealed record InvitationDto(Guid Id, string Contact, StaffRole Role, DateTime ExpiresAt, string Link);

public static class MembersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/members").WithTags("Members");

        g.MapGet("/", async (SellerHubDb db, CancellationToken ct) =>
        {
            db.Actor.Demand(Permission.ManageMembers);
            return TypedResults.Ok(await Query(db.Members).ToListAsync(ct));
        });

        g.MapGet("/{id:guid}", async (Guid id, SellerHubDb db, CancellationToken ct) =>
        {
            db.Actor.Demand(Permission.ManageMembers);
            return await Query(db.Members.Where(m => m.Id == id)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException(Messages.MemberNotFound);
        });

        g.MapPatch("/{id:guid}", async (Guid id, MemberChange change, SellerHubDb db, CancellationToken ct) =>
        {
            await ChangeMember.Handle(new ChangeMember.Command(id, change.Role), db, ct);
            return await Query(db.Members.Where(m => m.Id == id)).FirstAsync(ct);
        }).ProducesValidationProblem();

        g.MapDelete("/{id:guid}", async (Guid id, SellerHubDb db, CancellationToken ct) =>
        {
            await ChangeMember.Handle(new ChangeMember.Command(id, null, Remove: true), db, ct);
            return TypedResults.NoContent();
        });

        api.MapPost("/invitations", async (InvitationInput input, SellerHubDb db, HttpRequest request, CancellationToken ct) =>
        {
            var (invitation, token) = await InviteMember.Handle(new InviteMember.Command(input.Contact, input.Role ?? StaffRole.OrderStaff), db, ct);
            return TypedResults.Ok(new InvitationDto(invitation.Id, invitation.Contact, invitation.Role, invitation.ExpiresAt,
                $"{request.Scheme}://{request.Host}/invite/{token}"));
        }).WithTags("Members").ProducesValidationProblem();
    }

    private static IQueryable<MemberDto> Query(IQueryable<Member> members) =>
        members.Where(m => m.IsActive).OrderBy(m => m.JoinedAt)
            .Select(m => new MemberDto(m.Id, m.UserId, m.User!.DisplayName, m.User.Email, m.User.PhoneNumber, m.Role, m.JoinedAt));
}
