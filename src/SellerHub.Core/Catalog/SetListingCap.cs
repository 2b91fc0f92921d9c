using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Catalog;

/// <summary>Caps what a listing shows on its channel (null removes the cap) and re-pushes it.</summary>
public static class SetListingCap
{
    public static async Task<Listing> Handle(Guid listingId, int? cap, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageWarehouses);
        if (cap is < 0) throw BusinessRuleException.For("cap", Messages.MustBePositive);
        var listing = await db.Listings.Include(l => l.Links).FirstOrDefaultAsync(l => l.Id == listingId, ct) ?? throw new NotFoundException(Messages.ListingNotFound);
        await db.InTransactionAsync(async () =>
        {
            await ListingPush.MarkListingsDirtyAsync(db, [listing.Id], ct);
            listing.PushCap = cap;
            await db.SaveChangesAsync(ct);
        }, ct);
        return listing;
    }
}
