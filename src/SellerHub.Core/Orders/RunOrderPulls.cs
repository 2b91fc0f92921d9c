using Microsoft.AspNetCore.DataProtection;
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
        // PullOrders keeps a failed shop's last error; the next run starts from its last success.
        var workspaces = await EveryConnectedShop.RunAsync(db, log, "Order pull", async shop =>
        {
            var result = await PullOrders.Handle(shop, db, channels, protection, ct);
            if (result.Created + result.Updated > 0) log.LogInformation("Shop {Shop}: {Created} new, {Updated} changed orders", shop, result.Created, result.Updated);
        }, ct);
        foreach (var workspace in workspaces)
        {
            ((CurrentActor)db.Actor).Set(workspace, StaffRole.Owner, "SellerHub");
            await ImportOrders.RefreshDeadlinesAsync(db, ct);
        }
    }
}
