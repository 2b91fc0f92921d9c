using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Catalog;

/// <summary>Sets (or, with null, removes) a shop's own buffer for a product, and re-pushes that shop.</summary>
public static class SetShopBuffer
{
    public static async Task Handle(Guid shopId, Guid productId, int? buffer, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageWarehouses);
        if (buffer is < 0) throw BusinessRuleException.For("bufferStock", Messages.MustBePositive);
        if (!await db.Shops.AnyAsync(s => s.Id == shopId, ct)) throw new NotFoundException(Messages.ShopNotFound);
        if (!await db.Products.AnyAsync(p => p.Id == productId, ct)) throw new NotFoundException(Messages.ProductNotFound);
        var row = await db.ShopBuffers.FirstOrDefaultAsync(b => b.ShopId == shopId && b.ProductId == productId, ct);
        if (buffer is null)
        {
            if (row is not null) db.ShopBuffers.Remove(row);
        }
        else if (row is null) db.ShopBuffers.Add(new ShopBuffer { ShopId = shopId, ProductId = productId, BufferStock = buffer.Value });
        else row.BufferStock = buffer.Value;

        await db.InTransactionAsync(async () =>
        {
            await ListingPush.MarkDirtyAsync(db, [productId], ct, shopId);
            await db.SaveChangesAsync(ct);
        }, ct);
    }
}
