using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Catalog;

/// <summary>
/// "Tạo sản phẩm kho từ sản phẩm này": a warehouse product with the listing's seller SKU (one made of the
/// channel's ids when it has none) and name, no cost yet, linked to the listing as linking by hand does,
/// so orders waiting for it reserve. A SKU already in the warehouse is refused: link to that product.
/// </summary>
public static class CreateProductFromListing
{
    public static async Task<(Listing Listing, Product Product)> Handle(Guid listingId, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageWarehouses);
        var listing = await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.Id == listingId, ct) ?? throw new NotFoundException(Messages.ListingNotFound);
        if (listing.LinkState == LinkState.Linked) throw BusinessRuleException.For("listing", Messages.ListingAlreadyLinked);
        var channel = await db.Shops.Where(s => s.Id == listing.ShopId).Select(s => s.Channel).SingleAsync(ct);
        var sku = string.IsNullOrWhiteSpace(listing.SellerSku)
            ? $"{channel}-{listing.ChannelItemId}{(listing.ChannelModelId == "0" ? "" : "-" + listing.ChannelModelId)}".ToUpperInvariant()
            : listing.SellerSku.Trim();
        var key = Product.Normalize(sku);
        if (await db.Products.AnyAsync(p => p.SkuKey == key, ct)) throw BusinessRuleException.For("sku", string.Format(Messages.ListingSkuTaken, sku));

        var name = listing.Name.Trim();
        var product = await SaveProduct.Handle(new SaveProduct.Command(null, sku, name.Length > 300 ? name[..300] : name, null, null, 0, 0), db, ct);
        db.ChangeTracker.Clear();
        return (await LinkListing.Handle(new(listing.Id, [new SaveProduct.Component(product.Id, 1)]), db, ct), product);
    }
}
