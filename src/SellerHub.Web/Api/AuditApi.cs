using Microsoft.EntityFrameworkCore;
using SellerHub.Audit;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Api;

public sealed record AuditEntryDto(Guid Id, DateTime OccurredAt, Guid? ActorUserId, string ActorName, string EntityType, string EntityId,
    AuditAction Action, IReadOnlyList<FieldChange> Changes, DateTime? NotifiedAt)
{
    public static AuditEntryDto From(AuditEntry a) =>
        new(a.Id, a.OccurredAt, a.ActorUserId, a.ActorName, a.EntityType, a.EntityId, a.Action, a.Changes, a.NotifiedAt);
}

public static class AuditApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/audit").WithTags("Audit");

        g.MapGet("/", async (SellerHubDb db, string? entityType, Guid? actorUserId, DateTime? from, DateTime? to, int? page, int? pageSize, CancellationToken ct) =>
        {
            db.Actor.Demand(Permission.ViewAudit);
            var filter = new AuditFilter(entityType, actorUserId, from, to);
            var size = Math.Clamp(pageSize ?? 50, 1, 200);
            var entries = await filter.Apply(db.AuditEntries).Skip((Math.Max(page ?? 1, 1) - 1) * size).Take(size).ToListAsync(ct);
            return TypedResults.Ok(entries.Select(AuditEntryDto.From).ToList());
        });

        g.MapGet("/{id:guid}", async (Guid id, SellerHubDb db, CancellationToken ct) =>
        {
            db.Actor.Demand(Permission.ViewAudit);
            return AuditEntryDto.From(await db.AuditEntries.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException(Messages.AuditEntryNotFound));
        });
    }
}
