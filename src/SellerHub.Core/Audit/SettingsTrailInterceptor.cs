using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Audit;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every change to a setting, and queues a
/// <see cref="SettingsChanged"/> message, inside the SaveChanges that makes the change:
/// the trail can neither miss a change nor record one that was rolled back.
/// </summary>
public sealed class SettingsTrailInterceptor : SaveChangesInterceptor
{
    public const string Masked = "••••••";

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is SellerHubDb db) await RecordAsync(db);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        // Publishing to the EF-mapped outbox only tracks an entity, so this completes synchronously.
        if (eventData.Context is SellerHubDb db) RecordAsync(db).GetAwaiter().GetResult();
        return result;
    }

    private static async Task RecordAsync(SellerHubDb db)
    {
        db.ChangeTracker.DetectChanges();
        var now = DateTime.UtcNow;
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.Entity is IAuditedSetting audited && (e.State is EntityState.Modified or EntityState.Deleted
                || (e.State == EntityState.Added && audited.AuditsCreation)))
            .ToList();

        foreach (var entry in entries)
        {
            var changes = Changes(entry);
            if (entry.State == EntityState.Modified && changes.Count == 0) continue;

            var audit = new AuditEntry
            {
                WorkspaceId = WorkspaceOf(entry.Entity),
                OccurredAt = now,
                ActorUserId = db.Actor.UserId,
                ActorName = db.Actor.Name,
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = ((IAuditedSetting)entry.Entity).Id.ToString(),
                Action = entry.State switch
                {
                    EntityState.Added => AuditAction.Created,
                    EntityState.Deleted => AuditAction.Deleted,
                    _ => AuditAction.Updated,
                },
                Changes = changes,
            };
            db.AuditEntries.Add(audit);
            await db.PublishAsync(new SettingsChanged(audit.Id, audit.WorkspaceId, audit.EntityType, audit.EntityId,
                audit.Action, audit.ActorName, audit.OccurredAt, audit.Changes));
        }
    }

    private static Guid WorkspaceOf(object entity) => entity switch
    {
        Workspace w => w.Id,
        ITenantOwned t => t.WorkspaceId,
        _ => throw new InvalidOperationException($"{entity.GetType().Name} is audited but belongs to no workspace."),
    };

    private static List<FieldChange> Changes(EntityEntry entry)
    {
        var changes = new List<FieldChange>();
        foreach (var property in entry.Properties)
        {
            var clr = property.Metadata.PropertyInfo;
            var name = property.Metadata.Name;
            if (clr is null || name is "Id" or "WorkspaceId" || clr.GetCustomAttribute<NotAuditedAttribute>() is not null) continue;

            var secret = clr.GetCustomAttribute<SecretAttribute>() is not null;
            var before = entry.State == EntityState.Added ? null : Display(property.OriginalValue, secret);
            var after = entry.State == EntityState.Deleted ? null : Display(property.CurrentValue, secret);

            var changed = entry.State switch
            {
                EntityState.Modified => property.IsModified && !Equals(property.OriginalValue, property.CurrentValue),
                EntityState.Added => after is not null,
                _ => before is not null,
            };
            if (changed) changes.Add(new FieldChange(name, before, after));
        }
        return changes;
    }

    private static string? Display(object? value, bool secret) => value switch
    {
        null => null,
        _ when secret => Masked,
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
