using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SellerHub.Channels;
using SellerHub.Persistence;
using SellerHub.Workspaces;
using Wolverine.Attributes;

namespace SellerHub.Orders;

/// <summary>The scheduled incremental pull: every connected, active shop of every workspace, one after another; then the deadline warnings.</summary>
public sealed class RunOrderPulls;

public static class RunOrderPullsHandler
{
    [NonTransactional] // each shop's import commits on its own; one shop's outage must not stop the others
    public static async Task Handle(RunOrderPulls _, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection,
        ILogger<RunOrderPulls> log, CancellationToken ct)
    {
        var actor = (CurrentActor)db.Actor;
        var shops = await db.Shops.IgnoreQueryFilters().Where(s => s.IsActive && s.Connection == ShopConnection.Connected)
            .Select(s => new { s.Id, s.WorkspaceId }).ToListAsync(ct);
        foreach (var shop in shops)
        {
            actor.Set(shop.WorkspaceId, StaffRole.Owner, "SellerHub");
            try
            {
                var result = await PullOrders.Handle(shop.Id, db, channels, protection, ct);
                if (result.Created + result.Updated > 0) log.LogInformation("Shop {Shop}: {Created} new, {Updated} changed orders", shop.Id, result.Created, result.Updated);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // PullOrders kept the shop's last error; the next run starts from its last success.
                log.LogWarning(e, "Order pull of shop {Shop} failed", shop.Id);
            }
            db.ChangeTracker.Clear();
        }
        foreach (var workspace in shops.Select(s => s.WorkspaceId).Distinct())
        {
            actor.Set(workspace, StaffRole.Owner, "SellerHub");
            await ImportOrders.RefreshDeadlinesAsync(db, ct);
        }
    }
}
