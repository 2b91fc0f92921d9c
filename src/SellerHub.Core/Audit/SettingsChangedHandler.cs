using Microsoft.EntityFrameworkCore;
using SellerHub.Persistence;

namespace SellerHub.Audit;

/// <summary>
/// Marks the audit entry as notified. Telegram delivery (a later feature) hangs off this message;
/// the update is idempotent, so a redelivery changes nothing.
/// </summary>
public static class SettingsChangedHandler
{
    public static Task Handle(SettingsChanged message, SellerHubDb db, CancellationToken ct) =>
        db.AuditEntries.IgnoreQueryFilters()
            .Where(a => a.Id == message.AuditEntryId && a.NotifiedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.NotifiedAt, DateTime.UtcNow), ct);
}
