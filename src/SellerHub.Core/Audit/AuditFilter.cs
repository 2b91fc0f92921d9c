namespace SellerHub.Audit;

/// <summary>The audit page's and API's filter: by entity type, by person, by date range (UTC).</summary>
public sealed record AuditFilter(string? EntityType, Guid? ActorUserId, DateTime? From, DateTime? To)
{
    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        if (!string.IsNullOrWhiteSpace(EntityType)) entries = entries.Where(a => a.EntityType == EntityType);
        if (ActorUserId is { } actor) entries = entries.Where(a => a.ActorUserId == actor);
        if (From is { } from) entries = entries.Where(a => a.OccurredAt >= DateTime.SpecifyKind(from, DateTimeKind.Utc));
        if (To is { } to) entries = entries.Where(a => a.OccurredAt < DateTime.SpecifyKind(to, DateTimeKind.Utc));
        return entries.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id);
    }
}
