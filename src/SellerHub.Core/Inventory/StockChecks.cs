using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.Persistence;
using SellerHub.Workspaces;
using Wolverine.Attributes;

namespace SellerHub.Inventory;

/// <summary>
/// The periodic stock check (every 30 minutes): the reconciler for every workspace; listings whose supplementary stock
/// ended marked for a push; pushes lost to the dead-letter queue queued again; the drift check for every connected shop.
/// </summary>
public sealed class RunStockChecks;

public static class RunStockChecksHandler
{
    [NonTransactional] // drift checks call the marketplaces
    public static async Task Handle(RunStockChecks _, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection,
        ILogger<RunStockChecks> log, CancellationToken ct)
    {
        var actor = (CurrentActor)db.Actor;
        var workspaces = await db.Workspaces.Select(w => w.Id).ToListAsync(ct);
        foreach (var workspace in workspaces)
        {
            actor.Set(workspace, StaffRole.Owner, "SellerHub");
            await CheckWorkspaceAsync(db, channels, protection, log, ct);
        }
    }

    /// <summary>The check of the workspace <paramref name="db"/> acts in.</summary>
    public static async Task CheckWorkspaceAsync(SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, ILogger log, CancellationToken ct)
    {
        var workspace = db.CurrentWorkspaceId;
        foreach (var drift in await ReconcileStock.Handle(db, ct))
            log.LogWarning("Stock books out of balance in workspace {Workspace}: product {Product} warehouse {Warehouse} reserved {Reserved} vs reservations {Held}, on hand {OnHand} vs ledger {Ledger}",
                workspace, drift.ProductId, drift.WarehouseId, drift.Reserved, drift.ActiveReservations, drift.OnHand, drift.Ledger);

        var now = DateTime.UtcNow;
        var ended = await ListingPush.MarkSupplementaryEndedAsync(db, now, ct);
        if (ended > 0) log.LogInformation("Workspace {Workspace}: supplementary stock of {Products} products ended; their listings are re-pushed", workspace, ended);
        var stale = await ListingPush.RequeueStaleAsync(db, now, ct);
        if (stale.Count > 0) log.LogWarning("Workspace {Workspace}: listings of {Shops} shops stayed unpushed for over {Minutes} minutes; their pushes are queued again",
            workspace, stale.Count, ListingPush.StaleAfter.TotalMinutes);
        db.ChangeTracker.Clear();

        var shops = await db.Shops.Where(s => s.IsActive && s.Connection == ShopConnection.Connected && db.Listings.Any(l => l.ShopId == s.Id && l.LinkState == LinkState.Linked))
            .Select(s => s.Id).ToListAsync(ct);
        foreach (var shop in shops)
        {
            try
            {
                var result = await CheckStockDrift.Handle(shop, db, channels, protection, ct);
                if (result.Drifted > 0) log.LogInformation("Shop {Shop}: {Drifted} of {Checked} listings drifted and were re-pushed", shop, result.Drifted, result.Checked);
                if (result.Locked.Count > 0) log.LogWarning("Shop {Shop}: the stock of {Count} listings is locked by a campaign: {Listings}", shop, result.Locked.Count, string.Join(", ", result.Locked));
            }
            catch (ChannelException e)
            {
                log.LogWarning("Drift check of shop {Shop} failed: {Code} {Message}", shop, e.Code, e.VendorMessage);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // A marketplace out of reach (network error, timeout) must not stop the check of every shop after it.
                log.LogWarning(e, "Drift check of shop {Shop} failed", shop);
            }
            db.ChangeTracker.Clear();
        }
    }
}
