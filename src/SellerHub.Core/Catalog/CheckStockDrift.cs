using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Catalog;

/// <summary>
/// Reads the channel's stock back and re-pushes every linked listing that shows something other
/// than what SellerHub last set (changed on the marketplace behind its back, or a lost push).
/// Listings whose pushes the channel refuses (a campaign lock) are reported, not fought over: they are
/// tried again here, once per check, and nowhere else.
/// </summary>
public static class CheckStockDrift
{
    public sealed record Result(int Checked, int Drifted, IReadOnlyList<string> Locked);

    public static async Task<Result> Handle(Guid shopId, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ViewSettings);
        var shop = await db.Shops.FirstOrDefaultAsync(s => s.Id == shopId, ct) ?? throw new NotFoundException(Messages.ShopNotFound);
        var setting = await db.ChannelApps.FirstOrDefaultAsync(a => a.Channel == shop.Channel, ct) ?? throw BusinessRuleException.For("channel", Messages.ChannelAppMissing);
        var account = ConnectShop.Account(shop, SaveChannelApp.ToApp(setting, protection), protection, db);
        IReadOnlyList<ChannelListing> listed;
        try
        {
            listed = await channels.Single(c => c.Channel == shop.Channel).ListListingsAsync(account, null, ct);
        }
        catch (ChannelException e)
        {
            await ConnectShop.RecordErrorAsync(db, shopId, e, ct);
            throw;
        }
        var remote = listed.ToDictionary(r => (r.ListingId, r.ModelId ?? "0"), r => r.Stock);

        var linked = await db.Listings.Where(l => l.ShopId == shopId && l.LinkState == LinkState.Linked).ToListAsync(ct);
        var drifted = new List<Listing>();
        foreach (var listing in linked)
        {
            var shown = remote.GetValueOrDefault((listing.ChannelItemId, listing.ChannelModelId));
            listing.ChannelStock = shown;
            if (shown != listing.LastPushedQuantity) drifted.Add(listing);
        }
        var locked = linked.Where(l => ListingPush.IsCampaignLocked(l.LastPushError)).ToList();
        await db.InTransactionAsync(async () =>
        {
            await ListingPush.MarkListingsDirtyAsync(db, drifted.Select(l => l.Id).ToList(), ct);
            if (drifted.Count > 0 || locked.Any(l => l.PushDirty)) await ListingPush.RequestAsync(db, [shopId], ct, retryCampaignLocked: true);
            await db.SaveChangesAsync(ct);
        }, ct);
        return new Result(linked.Count, drifted.Count, locked.Select(l => l.Name).ToList());
    }
}
