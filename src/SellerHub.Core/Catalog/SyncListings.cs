using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;
using Wolverine.Attributes;

namespace SellerHub.Catalog;

/// <summary>
/// Brings a shop's listings in from its channel (status verbatim and as Đang bán / Ngừng bán),
/// auto-links the new and unlinked ones, and returns what changed. A full sync reads every item and
/// marks what the channel no longer returns as Ngừng bán; an incremental one reads only the items
/// the channel updated since the last sync (a marketplace's ban or the seller's unlisting included).
/// </summary>
public static class SyncListings
{
    /// <param name="Gone">Listings the channel no longer returns, now marked Ngừng bán.</param>
    public sealed record Result(int Listings, int Added, int Linked, int Inactive, int Gone);

    /// <summary>Re-reads items changed this long before the last sync too: the channel's clock is not ours.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    public static Task<Result> Handle(Guid shopId, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct) =>
        SyncAsync(shopId, incremental: false, db, channels, protection, ct);

    /// <summary>
    /// Items changed since the shop's last listing sync. The high-water mark is the latest <see cref="Listing.SyncedAt"/>
    /// of the shop (each sync stamps what it read with the time it started), so it needs no column of its own;
    /// a shop with no listing yet gets a full sync.
    /// </summary>
    public static Task<Result> ChangedAsync(Guid shopId, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct) =>
        SyncAsync(shopId, incremental: true, db, channels, protection, ct);

    private static async Task<Result> SyncAsync(Guid shopId, bool incremental, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ViewSettings);
        var shop = await db.Shops.FirstOrDefaultAsync(s => s.Id == shopId, ct) ?? throw new NotFoundException(Messages.ShopNotFound);
        var adapter = channels.FirstOrDefault(c => c.Channel == shop.Channel) ?? throw BusinessRuleException.For("channel", Messages.ChannelUnknown);
        var setting = await db.ChannelApps.FirstOrDefaultAsync(a => a.Channel == shop.Channel, ct) ?? throw BusinessRuleException.For("channel", Messages.ChannelAppMissing);
        var account = ConnectShop.Account(shop, SaveChannelApp.ToApp(setting, protection), protection, db);

        var highWater = incremental ? await db.Listings.Where(l => l.ShopId == shopId).MaxAsync(l => (DateTime?)l.SyncedAt, ct) : null;
        var now = DateTime.UtcNow; // before the call: whatever changes while it runs is read again next time
        IReadOnlyList<ChannelListing> remote;
        try
        {
            remote = await adapter.ListListingsAsync(account, highWater - Overlap, ct);
        }
        catch (ChannelException e)
        {
            await ConnectShop.RecordErrorAsync(db, shopId, e, ct);
            throw;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The shop's row first: another sync of the shop (the one queued on connect, a click) waits here until this one
        // commits and then finds the listings it stored, instead of inserting the same ones beside it (a deadlock on PostgreSQL).
        await db.Shops.Where(s => s.Id == shopId).ExecuteUpdateAsync(x => x.SetProperty(s => s.LastSyncAt, now), ct);

        // An incremental sync holds each returned item with all its models; a full one holds the whole shop.
        var items = remote.Select(r => r.ListingId).Distinct().ToList();
        var held = db.Listings.Include(l => l.Links).Where(l => l.ShopId == shopId);
        if (highWater is not null) held = held.Where(l => items.Contains(l.ChannelItemId));
        var local = await held.ToDictionaryAsync(l => (l.ChannelItemId, l.ChannelModelId), ct);
        var products = await db.Products.Where(p => p.IsActive).Select(p => new AutoLink.Candidate(p.Id, p.Sku, p.SkuKey)).ToListAsync(ct);
        int added = 0, linked = 0;
        var toPush = new List<Guid>(); // linked now, or selling again (whatever changed while it was off the channel)
        foreach (var r in remote)
        {
            var key = (r.ListingId, r.ModelId ?? "0");
            if (!local.TryGetValue(key, out var listing))
            {
                listing = new Listing { ShopId = shopId, ChannelItemId = r.ListingId, ChannelModelId = r.ModelId ?? "0", Name = r.Name, ChannelStatus = r.ChannelStatus };
                db.Listings.Add(listing);
                local[key] = listing;
                added++;
            }
            if (r.IsActive && !listing.IsActive && listing.LinkState == LinkState.Linked) toPush.Add(listing.Id);
            listing.SellerSku = r.SellerSku;
            listing.Name = r.Name.Length > 300 ? r.Name[..300] : r.Name;
            listing.Price = r.Price;
            listing.ChannelStock = r.Stock;
            listing.ChannelStatus = r.ChannelStatus;
            listing.IsActive = r.IsActive;
            listing.SyncedAt = now;
            if (listing.LinkState == LinkState.Linked) continue;

            var decision = AutoLink.Decide(r.SellerSku, products);
            listing.UnlinkedReason = decision.Reason;
            if (decision.ProductId is { } productId)
            {
                listing.Links.Add(new ListingLink { ListingId = listing.Id, ProductId = productId, Quantity = 1 });
                listing.LinkState = LinkState.Linked;
                listing.LinkSummary = $"{products.First(p => p.Id == productId).Sku}×1";
                toPush.Add(listing.Id);
                linked++;
            }
        }

        // Deleted on the channel (or a variant removed from an item read above): not left showing Đang bán.
        var returned = remote.Select(r => (r.ListingId, r.ModelId ?? "0")).ToHashSet();
        // Only what an earlier read knew: a sync that started after this one's read may have stored newer listings.
        var gone = local.Values.Where(l => !returned.Contains((l.ChannelItemId, l.ChannelModelId)) && l.ChannelStatus != Listing.NotReturned && l.SyncedAt < now).ToList();
        foreach (var listing in gone)
        {
            listing.ChannelStatus = Listing.NotReturned;
            listing.IsActive = false;
            listing.SyncedAt = now;
        }

        shop.LastSyncAt = now;
        await db.SaveChangesAsync(ct);
        if (toPush.Count > 0)
        {
            await Inventory.ListingPush.MarkListingsDirtyAsync(db, toPush, ct);
            await db.SaveChangesAsync(ct); // the push messages
        }
        var inactive = await db.Listings.CountAsync(l => l.ShopId == shopId && !l.IsActive, ct);
        await tx.CommitAsync(ct);
        await db.FlushMessagesAsync();
        return new Result(remote.Count, added, linked, inactive, gone.Count);
    }
}

/// <summary>A marketplace pushed a product status change (a ban): read the shop's changed items now rather than at the next scheduled sync.</summary>
public sealed record SyncChangedListings(Guid WorkspaceId, Guid ShopId);

public static class SyncChangedListingsHandler
{
    [NonTransactional] // the sync calls the marketplace and commits on its own
    public static async Task Handle(SyncChangedListings message, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection,
        ILogger<SyncChangedListings> log, CancellationToken ct)
    {
        ((CurrentActor)db.Actor).Set(message.WorkspaceId, StaffRole.Owner, "SellerHub");
        if (!await db.Shops.AnyAsync(s => s.Id == message.ShopId && s.IsActive && s.Connection == ShopConnection.Connected, ct)) return;
        try
        {
            await SyncListings.ChangedAsync(message.ShopId, db, channels, protection, ct);
        }
        catch (ChannelException e)
        {
            // The adapter already retried; the scheduled sync catches up from the same high-water mark.
            log.LogWarning("Listing sync of shop {Shop} after a push failed: {Code} {Message}", message.ShopId, e.Code, e.VendorMessage);
        }
    }
}

/// <summary>A shop's full listing sync in the background, queued when the shop is connected.</summary>
public sealed record SyncShopListings(Guid WorkspaceId, Guid ShopId);

public static class SyncShopListingsHandler
{
    [NonTransactional] // the sync calls the marketplace
    public static async Task Handle(SyncShopListings message, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection,
        ILogger<SyncShopListings> log, CancellationToken ct)
    {
        ((CurrentActor)db.Actor).Set(message.WorkspaceId, StaffRole.Owner, "SellerHub");
        if (!await db.Shops.AnyAsync(s => s.Id == message.ShopId && s.Connection == ShopConnection.Connected, ct)) return; // reconnecting queues a fresh one
        try
        {
            await SyncListings.Handle(message.ShopId, db, channels, protection, ct);
        }
        catch (ChannelException e)
        {
            // The error is on the shop; the scheduled sync of a shop without listings is a full one, so it catches up.
            log.LogWarning("Listing sync of shop {Shop} after connecting failed: {Code} {Message}", message.ShopId, e.Code, e.VendorMessage);
        }
    }
}
