namespace SellerHub.Catalog;

/// <summary>How many units a listing may show, from stock and the seller's policy.</summary>
public static class StockPolicy
{
    /// <summary>
    /// floor((available − buffer + supplementary) × ratio), capped, never negative. Supplementary
    /// stock counts only until its end date.
    /// </summary>
    public static int ListingQuantity(int available, int buffer, int supplementary, DateTime? supplementaryUntil, decimal ratio, int? cap, DateTime now)
    {
        var extra = supplementaryUntil is { } until && until <= now ? 0 : supplementary;
        var sellable = Math.Max(0, available - buffer + extra);
        var shown = (int)Math.Floor(sellable * Math.Clamp(ratio, 0m, 1m));
        return cap is { } max ? Math.Min(shown, Math.Max(0, max)) : shown;
    }

    /// <summary>A combo is as available as its scarcest component allows: min over components of floor(available / qty).</summary>
    public static int ComboAvailable(IEnumerable<(int Available, int PerCombo)> components)
    {
        var list = components.ToList();
        if (list.Count == 0) return 0;
        return list.Min(c => c.PerCombo <= 0 ? 0 : Math.Max(0, c.Available) / c.PerCombo);
    }
}
