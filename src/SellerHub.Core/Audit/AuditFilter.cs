namespace SellerHub.Audit;

/// <summary>The audit page's and API's filter: by entity type, by person, by date range (UTC).</summary>
public sealed record AuditFilter(string? EntityType, Guid? ActorUserId, DateTime? From, DateTime? To)
{
    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        if (!string.IsNullOrWhiteSpace(EntityType)) entries = entries.Where(a => a.EntityType == EntityType);
        if (ActorUserId is { } actor) entries = entries.Where(a => a.ActorUserId == actor);
        if (From is { } from) { var f = Utc(from); entries = entries.Where(a => a.OccurredAt >= f); }
        if (To is { } to) { var t = Utc(to); entries = entries.Where(a => a.OccurredAt < t); }
        return entries.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id);
    }

    // A query string with an offset binds as local time; one without is taken as UTC.
    private static DateTime Utc(DateTime t) => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
