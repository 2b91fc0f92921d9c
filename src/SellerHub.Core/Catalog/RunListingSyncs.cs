using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SellerHub.Channels;
using SellerHub.Persistence;
using SellerHub.Workspaces;
using Wolverine.Attributes;

namespace SellerHub.Catalog;

/// <summary>The scheduled incremental listing sync (every 10 minutes by default): every connected, active shop of every workspace, one after another.</summary>
public sealed class RunListingSyncs;

public static class RunListingSyncsHandler
{
    [NonTransactional] // each shop's sync commits on its own; one shop's outage must not stop the others
    public static async Task Handle(RunListingSyncs _, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection,
        ILogger<RunListingSyncs> log, CancellationToken ct)
    {
        var actor = (CurrentActor)db.Actor;
        var shops = await db.Shops.IgnoreQueryFilters().Where(s => s.IsActive && s.Connection == ShopConnection.Connected)
            .Select(s => new { s.Id, s.WorkspaceId }).ToListAsync(ct);
        foreach (var shop in shops)
        {
            actor.Set(shop.WorkspaceId, StaffRole.Owner, "SellerHub");
            try
            {
                var result = await SyncListings.ChangedAsync(shop.Id, db, channels, protection, ct);
                if (result.Added + result.Linked + result.Gone > 0)
                    log.LogInformation("Shop {Shop}: {Listings} listings changed, {Added} new, {Linked} linked, {Gone} gone", shop.Id, result.Listings, result.Added, result.Linked, result.Gone);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Nothing was saved, so the high-water mark stays and the next run reads the same window again.
                log.LogWarning(e, "Listing sync of shop {Shop} failed", shop.Id);
            }
            db.ChangeTracker.Clear();
        }
    }
}
