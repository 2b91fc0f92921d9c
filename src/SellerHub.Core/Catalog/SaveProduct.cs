using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Catalog;

/// <summary>Creates or edits a product (or a combo, when components are given).</summary>
public static class SaveProduct
{
    public sealed record Component(Guid ProductId, int Quantity);

    /// <summary>The packed size in cm; a null side is not known.</summary>
    public sealed record Size(decimal? LengthCm, decimal? WidthCm, decimal? HeightCm);

    /// <param name="IsActive">Null leaves it as it is (a new product is active).</param>
    /// <param name="ImageUrl">Null leaves it as it is; blank removes it.</param>
    /// <param name="Size">Null leaves it as it is.</param>
    public sealed record Command(
        Guid? Id, string? Sku, string? Name, string? Attributes, IReadOnlyList<string>? Barcodes, int WeightGrams, decimal CostPrice,
        IReadOnlyList<Component>? Components = null, int BufferStock = 0, int SupplementaryStock = 0, DateTime? SupplementaryUntil = null,
        bool? IsActive = null, string? ImageUrl = null, Size? Size = null);

    public static async Task<Product> Handle(Command c, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageWarehouses);
        var key = c.Sku is null ? "" : Product.Normalize(c.Sku);
        var barcodes = (c.Barcodes ?? []).Select(b => b.Trim()).Where(b => b.Length > 0).Distinct().ToList();
        var components = c.Components ?? [];

        var v = new Validation().Require("sku", c.Sku, 64).Require("name", c.Name, 300);
        foreach (var (field, value) in new[] { ("weightGrams", c.WeightGrams), ("bufferStock", c.BufferStock), ("supplementaryStock", c.SupplementaryStock) })
            if (value < 0) v.Add(field, Messages.MustBePositive);
        if (c.CostPrice < 0) v.Add("costPrice", Messages.MustBePositive);
        if (c.Size is { } size && new[] { size.LengthCm, size.WidthCm, size.HeightCm }.Any(side => side is < 0 or > MaxSideCm)) v.Add("size", Messages.SizeInvalid);
        if (!string.IsNullOrWhiteSpace(c.ImageUrl) && (c.ImageUrl.Trim().Length > 500
            || !Uri.TryCreate(c.ImageUrl.Trim(), UriKind.Absolute, out var image) || image.Scheme is not ("http" or "https")))
            v.Add("imageUrl", Messages.ImageUrlInvalid);
        if (key.Length > 0 && await db.Products.AnyAsync(p => p.SkuKey == key && p.Id != c.Id, ct)) v.Add("sku", string.Format(Messages.SkuTaken, c.Sku!.Trim()));
        foreach (var taken in await db.ProductBarcodes.Where(b => barcodes.Contains(b.Code) && b.ProductId != c.Id).Select(b => b.Code).ToListAsync(ct))
            v.Add("barcodes", string.Format(Messages.BarcodeTaken, taken));
        if (components.Count > 0)
        {
            var ids = components.Select(x => x.ProductId).ToList();
            var plain = await db.Products.CountAsync(p => ids.Contains(p.Id) && !p.IsCombo && p.Id != c.Id, ct);
            if (plain != ids.Distinct().Count() || components.Any(x => x.Quantity < 1)) v.Add("components", Messages.ComboComponentInvalid);
        }
        Product? product = null;
        if (c.Id is { } id && (product = await db.Products.Include(p => p.Components).Include(p => p.Barcodes).FirstOrDefaultAsync(p => p.Id == id, ct)) is null)
            throw new NotFoundException(Messages.ProductNotFound);
        v.ThrowIfInvalid();

        // What a listing shows depends on these: a change re-pushes the product's listings (and its combos').
        var repush = product is not null && (product.BufferStock != c.BufferStock || product.SupplementaryStock != c.SupplementaryStock
            || product.SupplementaryUntil != c.SupplementaryUntil
            || !product.Components.Select(x => (x.ComponentId, x.Quantity)).Order().SequenceEqual(components.Select(x => (x.ProductId, x.Quantity)).Order()));
        if (product is null)
        {
            product = new Product { Sku = "", SkuKey = "", Name = "" };
            db.Products.Add(product);
        }
        product.Sku = c.Sku!.Trim();
        product.SkuKey = key;
        product.Name = c.Name!.Trim();
        product.Attributes = string.IsNullOrWhiteSpace(c.Attributes) ? null : c.Attributes.Trim();
        product.WeightGrams = c.WeightGrams;
        product.CostPrice = Math.Round(c.CostPrice, 2); // the column's scale, so both databases keep the same amount
        if (c.Size is { } sides) (product.LengthCm, product.WidthCm, product.HeightCm) = (Round(sides.LengthCm), Round(sides.WidthCm), Round(sides.HeightCm));
        if (c.ImageUrl is not null) product.ImageUrl = string.IsNullOrWhiteSpace(c.ImageUrl) ? null : c.ImageUrl.Trim();
        if (c.IsActive is { } active) product.IsActive = active;
        product.BufferStock = c.BufferStock;
        product.SupplementaryStock = c.SupplementaryStock;
        product.SupplementaryUntil = c.SupplementaryUntil;
        product.IsCombo = components.Count > 0;
        product.Components.Clear();
        product.Components.AddRange(components.Select(x => new ComboComponent { ComboId = product.Id, ComponentId = x.ProductId, Quantity = x.Quantity }));
        product.Barcodes.RemoveAll(b => !barcodes.Contains(b.Code));
        product.Barcodes.AddRange(barcodes.Where(b => product.Barcodes.All(x => x.Code != b)).Select(b => new ProductBarcode { Code = b, ProductId = product.Id }));

        try
        {
            // Listings are marked in the same transaction as the change (the caller's, when there is one).
            if (repush)
                await db.InTransactionAsync(async () =>
                {
                    await ListingPush.MarkDirtyAsync(db, [product.Id], ct);
                    await db.SaveChangesAsync(ct);
                }, ct);
            else await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            throw BusinessRuleException.For("sku", string.Format(Messages.SkuTaken, c.Sku.Trim()));
        }
        return product;
    }

    /// <summary>10 m: more is a typing slip (and the column holds 7 digits before the point).</summary>
    public const decimal MaxSideCm = 1000;

    private static decimal? Round(decimal? side) => side is { } cm ? Math.Round(cm, 1) : null;
}
