using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Auth;

/// <summary>
/// Fills the scope's <see cref="CurrentActor"/> from a signed-in principal. People's workspace and
/// role are read from their membership on every request (one indexed query), so a removed member
/// or a changed role takes effect at once; API keys carry theirs in the ticket.
/// </summary>
public static class ActorResolver
{
    public static async Task ResolveAsync(ClaimsPrincipal principal, CurrentActor actor, SellerHubDb db, CancellationToken ct)
    {
        if (principal.Identity?.IsAuthenticated != true) return;

        if (principal.FindFirstValue(SellerHubClaims.ApiKeyId) is { } keyId)
        {
            actor.Set(Guid.Parse(principal.FindFirstValue(SellerHubClaims.WorkspaceId)!),
                Enum.Parse<StaffRole>(principal.FindFirstValue(SellerHubClaims.Role)!),
                principal.Identity.Name ?? "API key", apiKeyId: Guid.Parse(keyId));
            return;
        }

        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return;
        var member = await db.Members.IgnoreQueryFilters()
            .Where(m => m.UserId == userId && m.IsActive)
            .Select(m => new { m.WorkspaceId, m.Role, m.User!.DisplayName })
            .FirstOrDefaultAsync(ct);
        if (member is not null) actor.Set(member.WorkspaceId, member.Role, member.DisplayName, userId);
    }
}
