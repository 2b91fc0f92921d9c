using Microsoft.EntityFrameworkCore;
using SellerHub.Catalog;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Orders;

/// <summary>
/// Fixes "Sản phẩm chưa liên kết" from the order itself: the line's listing (made from the line if
/// the listing sync has not seen it yet) is linked to a product, and every open order selling it
/// reserves and re-checks at once.
/// </summary>
public static class LinkOrderLine
{
    public static async Task Handle(Guid orderId, string channelLineId, Guid productId, int packSize, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageWarehouses);
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, ct)
            ?? throw new NotFoundException(Messages.OrderNotFound);
        var line = order.Lines.FirstOrDefault(l => l.ChannelLineId == channelLineId);
        if (order.ShopId is not { } shopId || line?.ChannelItemId is not { } itemId) throw new NotFoundException(Messages.ListingNotFound);

        var model = line.ChannelModelId ?? "0";
        var listing = await db.Listings.FirstOrDefaultAsync(l => l.ShopId == shopId && l.ChannelItemId == itemId && l.ChannelModelId == model, ct);
        if (listing is null)
        {
            listing = new Listing
            {
                ShopId = shopId, ChannelItemId = itemId, ChannelModelId = model, SellerSku = line.SellerSku, Name = line.Name,
                ChannelStatus = "", IsActive = true, SyncedAt = DateTime.UtcNow,
            };
            db.Listings.Add(listing);
            await db.SaveChangesAsync(ct);
        }
        db.ChangeTracker.Clear();
        await LinkListing.Handle(new(listing.Id, [new SaveProduct.Component(productId, packSize)]), db, ct);
    }
}
