using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using SellerHub.Channels;
using SellerHub.Persistence;
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
        // A failed shop saved nothing, so its high-water mark stays and the next run reads the same window again.
        await EveryConnectedShop.RunAsync(db, log, "Listing sync", async shop =>
        {
            var result = await SyncListings.ChangedAsync(shop, db, channels, protection, ct);
            if (result.Added + result.Linked + result.Gone > 0)
                log.LogInformation("Shop {Shop}: {Listings} listings changed, {Added} new, {Linked} linked, {Gone} gone", shop, result.Listings, result.Added, result.Linked, result.Gone);
        }, ct);
    }
}
