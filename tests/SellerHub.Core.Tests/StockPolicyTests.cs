using SellerHub.Catalog;

namespace SellerHub.Core.Tests;

/// <summary>What a listing may show, edge by edge.</summary>
public sealed class StockPolicyTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(10, 0, 0, 1.0, null, 10)]   // all of it
    [InlineData(10, 3, 0, 1.0, null, 7)]    // buffer held back
    [InlineData(2, 5, 0, 1.0, null, 0)]     // buffer larger than stock: never negative
    [InlineData(0, 0, 20, 1.0, null, 20)]   // supplementary keeps an empty listing selling
    [InlineData(10, 0, 0, 0.8, null, 8)]    // ratio
    [InlineData(9, 0, 0, 0.8, null, 7)]     // ratio rounds down (7.2)
    [InlineData(10, 0, 0, 1.0, 4, 4)]       // cap
    [InlineData(10, 2, 5, 0.5, 100, 6)]     // (10 − 2 + 5) × 0.5 = 6.5 → 6
    [InlineData(-3, 0, 0, 1.0, null, 0)]    // oversold elsewhere: show nothing
    [InlineData(10, 0, 0, 1.5, null, 10)]   // a ratio above 100 % is clamped
    [InlineData(10, 0, 0, 1.0, -1, 0)]      // a negative cap is none
    public void Listing_quantity(int available, int buffer, int supplementary, double ratio, int? cap, int expected) =>
        Assert.Equal(expected, StockPolicy.ListingQuantity(available, buffer, supplementary, null, (decimal)ratio, cap, Now));

    [Fact]
    public void Supplementary_stock_counts_until_its_end_date_only()
    {
        Assert.Equal(25, StockPolicy.ListingQuantity(5, 0, 20, Now.AddDays(1), 1m, null, Now));
        Assert.Equal(5, StockPolicy.ListingQuantity(5, 0, 20, Now, 1m, null, Now));
        Assert.Equal(5, StockPolicy.ListingQuantity(5, 0, 20, Now.AddDays(-1), 1m, null, Now));
    }

    [Theory]
    [InlineData(new[] { 10, 7 }, new[] { 1, 2 }, 3)]   // 10/1 = 10, 7/2 = 3
    [InlineData(new[] { 9 }, new[] { 3 }, 3)]          // a "pack of 3"
    [InlineData(new[] { 2 }, new[] { 3 }, 0)]          // not enough for one pack
    [InlineData(new[] { 10, -1 }, new[] { 1, 1 }, 0)]  // a component short elsewhere
    [InlineData(new[] { 10 }, new[] { 0 }, 0)]         // a broken component quantity
    public void Combo_availability_is_set_by_the_scarcest_component(int[] available, int[] perCombo, int expected) =>
        Assert.Equal(expected, StockPolicy.ComboAvailable(available.Zip(perCombo)));

    [Fact]
    public void A_combo_without_components_has_nothing() => Assert.Equal(0, StockPolicy.ComboAvailable([]));

    [Theory]
    [InlineData("Áo thun Đỏ", "ao thun do")]
    [InlineData("Hoà / Hòa", "hoa / hoa")]
    [InlineData("SỮA RỬA MẶT", "sua rua mat")]
    public void Search_folds_tone_marks_and_case(string text, string folded) => Assert.Equal(folded, SellerHub.Common.Text.Fold(text));

    [Theory]
    [InlineData("  ao-thun-m ", "AO-THUN-M")]
    [InlineData("Áo-Đỏ", "ÁO-ĐỎ")]
    public void Skus_normalise_to_one_key(string sku, string key) => Assert.Equal(key, Product.Normalize(sku));
}
