using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;
using Wolverine.Attributes;

namespace SellerHub.Catalog;

/// <summary>
/// Brings a shop's listings in from its channel (status verbatim and as Đang bán / Ngừng bán),
/// auto-links the new and unlinked ones, and returns what changed.
/// </summary>
public static class SyncListings
{
    public sealed record Result(int Listings, int Added, int Linked, int Inactive);

    public static async Task<Result> Handle(Guid shopId, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ViewSettings);
        var shop = await db.Shops.FirstOrDefaultAsync(s => s.Id == shopId, ct) ?? throw new NotFoundException(Messages.ShopNotFound);
        var adapter = channels.FirstOrDefault(c => c.Channel == shop.Channel) ?? throw BusinessRuleException.For("channel", Messages.ChannelUnknown);
        var setting = await db.ChannelApps.FirstOrDefaultAsync(a => a.Channel == shop.Channel, ct) ?? throw BusinessRuleException.For("channel", Messages.ChannelAppMissing);
        var account = ConnectShop.Account(shop, SaveChannelApp.ToApp(setting, protection), protection, db);

        IReadOnlyList<ChannelListing> remote;
        try
        {
            remote = await adapter.ListListingsAsync(account, ct);
        }
        catch (ChannelException e)
        {
            await ConnectShop.RecordErrorAsync(db, shopId, e, ct);
            throw;
        }
        var now = DateTime.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The shop's row first: another sync of the shop (the one queued on connect, a click) waits here until this one
        // commits and then finds the listings it stored, instead of inserting the same ones beside it (a deadlock on PostgreSQL).
        await db.Shops.Where(s => s.Id == shopId).ExecuteUpdateAsync(x => x.SetProperty(s => s.LastSyncAt, now), ct);
        var local = await db.Listings.Include(l => l.Links).Where(l => l.ShopId == shopId).ToDictionaryAsync(l => (l.ChannelItemId, l.ChannelModelId), ct);
        var products = await db.Products.Where(p => p.IsActive).Select(p => new AutoLink.Candidate(p.Id, p.Sku, p.SkuKey)).ToListAsync(ct);
        int added = 0, linked = 0;
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
                listing.PushDirty = true;
                listing.PushVersion++;
                linked++;
            }
        }
        shop.LastSyncAt = now;
        if (linked > 0) await Inventory.ListingPush.RequestAsync(db, [shopId], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await db.FlushMessagesAsync();
        return new Result(remote.Count, added, linked, local.Values.Count(l => !l.IsActive));
    }
}

/// <summary>A shop's full listing sync in the background, queued when the shop is connected.</summary>
public sealed record SyncShopListings(Guid WorkspaceId, Guid ShopId);

public static class SyncShopListingsHandler
{
    [NonTransactional] // the sync calls the marketplace
    public static async Task Handle(SyncShopListings message, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct)
    {
        ((CurrentActor)db.Actor).Set(message.WorkspaceId, StaffRole.Owner, "SellerHub");
        if (!await db.Shops.AnyAsync(s => s.Id == message.ShopId && s.Connection == ShopConnection.Connected, ct)) return; // reconnecting queues a fresh one
        await SyncListings.Handle(message.ShopId, db, channels, protection, ct);
    }
}
