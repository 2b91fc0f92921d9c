using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Catalog;

/// <summary>Links a listing by hand to one product, or to several with quantities (a combo, a "pack of 3").</summary>
public static class LinkListing
{
    public sealed record Command(Guid ListingId, IReadOnlyList<SaveProduct.Component> Products);

    public static async Task<Listing> Handle(Command c, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageWarehouses);
        var listing = await db.Listings.Include(l => l.Links).FirstOrDefaultAsync(l => l.Id == c.ListingId, ct) ?? throw new NotFoundException(Messages.ListingNotFound);
        var ids = c.Products.Select(p => p.ProductId).Distinct().ToList();
        if (ids.Count == 0 || ids.Count != c.Products.Count || c.Products.Any(p => p.Quantity < 1)
            || await db.Products.CountAsync(p => ids.Contains(p.Id), ct) != ids.Count)
            throw BusinessRuleException.For("products", Messages.ComboComponentInvalid);

        await db.InTransactionAsync(async () =>
        {
            await Inventory.ListingPush.MarkListingsDirtyAsync(db, [listing.Id], ct);
            listing.Links.Clear();
            listing.Links.AddRange(c.Products.Select(p => new ListingLink { ListingId = listing.Id, ProductId = p.ProductId, Quantity = p.Quantity }));
            listing.LinkState = LinkState.Linked;
            listing.UnlinkedReason = null;
            var skus = await db.Products.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
            listing.LinkSummary = string.Join(" + ", c.Products.Select(p => $"{skus[p.ProductId]}×{p.Quantity}"));
            await db.SaveChangesAsync(ct);
        }, ct);
        await Orders.ImportOrders.RefreshForListingAsync(db, listing, ct);
        return listing;
    }
}
