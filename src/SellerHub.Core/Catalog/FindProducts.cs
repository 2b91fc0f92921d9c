using Microsoft.EntityFrameworkCore;
using SellerHub.Common;

namespace SellerHub.Catalog;

/// <summary>
/// The one product search (GET /products?q=, the order form, linking from an order or from the listings
/// page): part of a SKU, name or barcode, typed the way sellers type: "ao thun" finds "Áo thun".
/// </summary>
public static class FindProducts
{
    public static async Task<List<Product>> Handle(IQueryable<Product> products, string? text, CancellationToken ct, int take = 20, bool activeOnly = true)
    {
        var wanted = Text.Fold(text?.Trim());
        products = products.AsNoTracking().Where(p => !activeOnly || p.IsActive);
        if (wanted.Length > 0)
        {
            // Neither database folds Vietnamese tone marks, so the match runs here on a few columns and only the hits are loaded whole.
            var searched = await products.OrderBy(p => p.SkuKey)
                .Select(p => new { p.Id, Words = p.Sku + " " + p.Name, Codes = p.Barcodes.Select(b => b.Code).ToList() }).ToListAsync(ct);
            var hits = searched.Where(p => Text.Fold($"{p.Words} {string.Join(' ', p.Codes)}").Contains(wanted)).Take(take).Select(p => p.Id).ToList();
            products = products.Where(p => hits.Contains(p.Id));
        }
        return await products.Include(p => p.Barcodes).Include(p => p.Components).OrderBy(p => p.SkuKey).Take(take).ToListAsync(ct);
    }
}
