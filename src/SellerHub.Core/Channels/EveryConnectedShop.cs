using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Channels;

/// <summary>
/// The scheduled jobs' loop: a step for every connected, active shop of every workspace, one after another, acting
/// as that shop's workspace. One shop's outage is logged and does not stop the others.
/// </summary>
public static class EveryConnectedShop
{
    /// <returns>The workspaces that have a connected shop.</returns>
    public static async Task<IReadOnlyList<Guid>> RunAsync(SellerHubDb db, ILogger log, string step, Func<Guid, Task> work, CancellationToken ct)
    {
        var actor = (CurrentActor)db.Actor;
        var shops = await db.Shops.IgnoreQueryFilters().Where(s => s.IsActive && s.Connection == ShopConnection.Connected)
            .Select(s => new { s.Id, s.WorkspaceId }).ToListAsync(ct);
        foreach (var shop in shops)
        {
            actor.Set(shop.WorkspaceId, StaffRole.Owner, "SellerHub");
            try
            {
                await work(shop.Id);
            }
            catch (Exception e) when (!ct.IsCancellationRequested) // an HTTP timeout is a TaskCanceledException too: one shop's, not ours
            {
                log.LogWarning(e, "{Step} of shop {Shop} failed", step, shop.Id);
            }
            db.ChangeTracker.Clear();
        }
        return shops.Select(s => s.WorkspaceId).Distinct().ToList();
    }
}
