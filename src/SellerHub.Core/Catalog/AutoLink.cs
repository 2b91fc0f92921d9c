using System.Text;

namespace SellerHub.Catalog;

/// <summary>
/// Links a listing to a product by exact seller SKU after normalisation (trim, case, NFC). It never
/// guesses: no SKU, no product, or two products with the same SKU-like code leave it unlinked, with why.
/// </summary>
public static class AutoLink
{
    public sealed record Candidate(Guid Id, string Sku, string SkuKey);

    public sealed record Decision(Guid? ProductId, string? Reason);

    public static Decision Decide(string? sellerSku, IReadOnlyList<Candidate> products)
    {
        if (string.IsNullOrWhiteSpace(sellerSku)) return new(null, Messages.LinkNoSku);
        var key = Product.Normalize(sellerSku);
        var loose = Loose(key);
        var similar = products.Where(p => Loose(p.SkuKey) == loose).ToList();
        return similar switch
        {
            [] => new(null, string.Format(Messages.LinkNoProduct, sellerSku.Trim())),
            [var only] when only.SkuKey == key => new(only.Id, null),
            [var only] => new(null, string.Format(Messages.LinkOnlySimilar, only.Sku)),
            _ => new(null, string.Format(Messages.LinkAmbiguous, string.Join(", ", similar.Select(p => p.Sku)))),
        };
    }

    /// <summary>The SKU with separators dropped: "AO-THUN M" and "AOTHUN_M" look alike to a person.</summary>
    public static string Loose(string key)
    {
        var letters = new StringBuilder(key.Length);
        foreach (var c in key)
            if (char.IsLetterOrDigit(c)) letters.Append(c);
        return letters.ToString();
    }
}
