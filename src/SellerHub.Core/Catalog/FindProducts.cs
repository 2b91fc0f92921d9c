using Microsoft.EntityFrameworkCore;

namespace SellerHub.Catalog;

/// <summary>The product picker's search (order form, linking from an order): part of a SKU or name, or a whole barcode.</summary>
public static class FindProducts
{
    public static async Task<List<Product>> Handle(IQueryable<Product> products, string? text, CancellationToken ct, int take = 20)
    {
        var term = (text ?? "").Trim();
        var key = Product.Normalize(term);
        return await products.AsNoTracking()
            .Where(p => p.IsActive && (term == "" || p.SkuKey.Contains(key) || p.Name.Contains(term) || p.Barcodes.Any(b => b.Code == term)))
            .OrderBy(p => p.SkuKey).Take(take).ToListAsync(ct);
    }
}
