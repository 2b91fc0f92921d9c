using System.Text;
using SellerHub.Addresses;
using SellerHub.Common;

namespace SellerHub.Core.Tests;

public sealed class AddressResolverTests
{
    private static AddressResolution Resolve(string? province, string? district, string? ward, string? street = null, string? fullAddress = null) =>
        AddressResolver.Resolve(province, district, ward, street, fullAddress);

    private static void AssertResolved(AddressResolution result, string province, string ward)
    {
        Assert.True(result.Match == AddressMatch.Resolved, result.Reason);
        Assert.Equal(province, result.ProvinceCode);
        Assert.Equal(ward, result.WardCode);
        Assert.Null(result.Reason);
        Assert.Empty(result.CandidateWardCodes);
    }

    private static void AssertNeedsReview(AddressResolution result, params string[] candidates)
    {
        Assert.Equal(AddressMatch.NeedsReview, result.Match);
        Assert.Null(result.WardCode);
        Assert.Contains("cần xác nhận địa chỉ", result.Reason);
        Assert.Equal(candidates.Order(), result.CandidateWardCodes.Order());
    }

    // ---- New two-tier scheme ------------------------------------------------------------------------

    [Theory]
    [InlineData("Thành phố Hồ Chí Minh", null, "Phường Sài Gòn", "79", "26740")]
    [InlineData("TP.HCM", "Quận 1", "Phường Sài Gòn", "79", "26740")] // stale district field: the new ward still wins
    [InlineData("Hà Nội", null, "Phường Hoàn Kiếm", "01", "00070")]
    [InlineData("Thành phố Đồng Nai", null, "Xã Lộc Ninh", "75", "25270")] // a commune until 30/04/2026, now Phường Lộc Ninh
    [InlineData("Tây Ninh", null, "Lộc Ninh", "80", "25579")] // same name, another province: the province scopes it
    [InlineData("Hồ Chí Minh", null, "Đặc khu Côn Đảo", "79", "26732")]
    public void New_scheme_addresses_resolve_directly(string province, string? district, string ward, string provinceCode, string wardCode) =>
        AssertResolved(Resolve(province, district, ward), provinceCode, wardCode);

    // ---- Old three-tier scheme ----------------------------------------------------------------------

    [Theory]
    [InlineData("Thành phố Hồ Chí Minh", "Quận 1", "Phường Bến Nghé", "79", "26740")] // → Phường Sài Gòn
    [InlineData("Hồ Chí Minh", "Quận 1", "Phường Tân Định", "79", "26737")] // same name, new code (26734 → 26737)
    [InlineData("Hà Nội", "Quận Ba Đình", "Phường Phúc Xá", "01", "00097")] // → Phường Hồng Hà
    [InlineData("HN", "Q. Hoàn Kiếm", "P. Hàng Bạc", "01", "00070")]
    [InlineData("Bình Dương", "TP Dĩ An", "P. Dĩ An", "79", "25942")] // old province merged into TP HCM
    [InlineData("TP HCM", "Thành phố Thủ Đức", "Phường Thảo Điền", "79", "27094")] // → Phường An Khánh
    [InlineData("Hà Nội", "Huyện Gia Lâm", "Yên Viên", "01", "00541")] // Thị trấn and Xã Yên Viên both went wholly to 00541
    [InlineData("Hà Tĩnh", "Kỳ Anh", "Phường Kỳ Trinh", "42", "18754")] // Huyện and Thị xã Kỳ Anh: the ward tells them apart
    [InlineData("Bà Rịa - Vũng Tàu", "Huyện Côn Đảo", null, "79", "26732")] // island district without wards → special zone
    [InlineData("Lâm Đồng", "Huyện Đạ Huoai", "Xã Mỹ Lâm", "68", "25159")] // a legacy code, merged before 2025, still in address books
    public void Old_scheme_addresses_go_through_the_old_to_new_table(string province, string district, string? ward, string provinceCode, string wardCode) =>
        AssertResolved(Resolve(province, district, ward), provinceCode, wardCode);

    [Fact]
    public void A_split_old_ward_needs_review_whatever_the_street()
    {
        var result = Resolve("TP.HCM", "Quận 1", "Phường Đa Kao", street: "12 Nguyễn Đình Chiểu");

        AssertNeedsReview(result, "26737", "26740");
        Assert.Equal("79", result.ProvinceCode);
        Assert.Equal("12 Nguyễn Đình Chiểu", result.Street);
        Assert.Equal("Phường Đa Kao cũ nay thuộc nhiều phường mới (Phường Sài Gòn, Phường Tân Định): cần xác nhận địa chỉ", result.Reason);
    }

    [Fact]
    public void An_old_ward_that_shares_its_name_with_a_new_one_is_read_as_old_when_a_district_is_given()
    {
        // Old Phường Ngọc Hà (Ba Đình) was split; new Phường Ngọc Hà (00008) is one of its parts.
        AssertNeedsReview(Resolve("Hà Nội", "Ba Đình", "Phường Ngọc Hà"), "00004", "00008");
        AssertResolved(Resolve("Hà Nội", null, "Phường Ngọc Hà"), "01", "00008");
    }

    [Fact]
    public void Old_ward_without_district_resolves_when_unique_in_the_province_and_needs_review_when_not()
    {
        AssertResolved(Resolve("Hồ Chí Minh", null, "Phường Thảo Điền"), "79", "27094");

        var result = Resolve("Hồ Chí Minh", null, "Phường 9");
        Assert.Equal(AddressMatch.NeedsReview, result.Match);
        Assert.Contains("khớp nhiều phường/xã cũ", result.Reason);
        Assert.Contains("27142", result.CandidateWardCodes); // Phường 9, Quận 3 → Phường Bàn Cờ
    }

    // ---- Spelling: tone marks, prefixes, numbers, aliases ------------------------------------------

    [Theory]
    [InlineData("Phường Yên Hoà")] // data: "Yên Hòa"
    [InlineData("Phường Yên Hòa")]
    [InlineData("phường yên hòa")]
    [InlineData("P.Yên Hòa")]
    public void Tone_mark_placement_and_case_do_not_matter(string ward) =>
        AssertResolved(Resolve("Hà Nội", null, ward), "01", "00175");

    [Fact]
    public void Decomposed_unicode_matches_like_composed()
    {
        AssertResolved(Resolve("Tuyên Quang".Normalize(NormalizationForm.FormD), null, "Xã Thanh Thuỷ".Normalize(NormalizationForm.FormD)), "08", "00928");
        // Old data spells Tỉnh Hoà Bình and Thành phố Hòa Bình; buyers write either.
        AssertResolved(Resolve("Hòa Bình", "TP Hoà Bình", "Phường Thái Bình"), "25", "04828");
    }

    [Theory]
    [InlineData("Quận 3", "Phường 9")]
    [InlineData("Q3", "P9")]
    [InlineData("Q.3", "P.9")]
    [InlineData("Q. 03", "Phường 09")]
    [InlineData("quan 3", "phuong 9")]
    [InlineData("3", "9")]
    public void Numbered_wards_and_districts_read_alike(string district, string ward) =>
        AssertResolved(Resolve("Hồ Chí Minh", district, ward), "79", "27142");

    [Fact]
    public void A_numbered_ward_that_was_split_needs_review() =>
        AssertNeedsReview(Resolve("Hồ Chí Minh", "Quận 3", "P4"), "27139", "27154");

    [Theory]
    [InlineData("Phường I")]
    [InlineData("Phường 1")]
    [InlineData("P.01")]
    public void Roman_numbered_wards_match_arabic_numbers(string ward) => // Vị Thanh, Hậu Giang
        AssertResolved(Resolve("Hậu Giang", "Thành phố Vị Thanh", ward), "92", "31321");

    [Theory]
    [InlineData("HCM")]
    [InlineData("TP.HCM")]
    [InlineData("Tp HCM")]
    [InlineData("tphcm")]
    [InlineData("Tp. Hồ Chí Minh")]
    [InlineData("Sài Gòn")]
    [InlineData("Ho Chi Minh City")]
    [InlineData("Thành phố Hồ Chí Minh")]
    public void Province_aliases_and_abbreviations(string province) =>
        AssertResolved(Resolve(province, null, "Phường Bến Thành"), "79", "26743");

    // ---- Accent-free input --------------------------------------------------------------------------

    [Theory]
    [InlineData("Ho Chi Minh", null, "Ben Thanh", "79", "26743")]
    [InlineData("Ha Noi", "Ba Dinh", "Phuc Xa", "01", "00097")]
    [InlineData("Dong Thap", null, "Phuong My Tho", "82", "28261")] // the prefix tells Phường Mỹ Tho from Xã Mỹ Thọ
    public void Ascii_input_resolves_when_the_folded_name_is_unique(string province, string? district, string ward, string provinceCode, string wardCode) =>
        AssertResolved(Resolve(province, district, ward), provinceCode, wardCode);

    [Theory]
    [InlineData("Hồ Chí Minh", "Thanh An", "25807", "27676")] // Xã Thanh An, Xã Thạnh An
    [InlineData("Hồ Chí Minh", "Xa Thanh An", "25807", "27676")]
    [InlineData("Đồng Tháp", "My Tho", "28261", "30076")] // Phường Mỹ Tho, Xã Mỹ Thọ
    public void Ascii_input_that_folds_to_several_wards_needs_review(string province, string ward, params string[] candidates)
    {
        var result = Resolve(province, null, ward);
        AssertNeedsReview(result, candidates);
        Assert.Contains("khớp nhiều phường/xã", result.Reason);
    }

    [Theory]
    [InlineData("Hồ Chí Minh", "Thạnh An", "79", "27676")]
    [InlineData("Hồ Chí Minh", "Xã Thanh An", "79", "25807")] // accented context: "Xã" proves the text is not accent-stripped
    [InlineData("Đồng Tháp", "Mỹ Thọ", "82", "30076")]
    public void Accented_input_matches_exactly_before_any_folding(string province, string ward, string provinceCode, string wardCode) =>
        AssertResolved(Resolve(province, null, ward), provinceCode, wardCode);

    // ---- Full address line ---------------------------------------------------------------------------

    [Fact]
    public void An_old_style_address_line_is_split_into_street_ward_district_and_province()
    {
        var result = Resolve(null, null, null, fullAddress: "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM");
        AssertResolved(result, "79", "26740");
        Assert.Equal("12 Lê Lợi", result.Street);
    }

    [Fact]
    public void An_address_line_without_a_ward_says_the_ward_is_missing_and_keeps_the_street()
    {
        var result = Resolve(null, null, null, fullAddress: "183 Cách Mạng Tháng Tám, Tỉnh Bắc Ninh");
        Assert.Equal(AddressMatch.Unresolved, result.Match);
        Assert.Equal("183 Cách Mạng Tháng Tám", result.Street);
        Assert.StartsWith("Thiếu phường/xã", result.Reason);
    }

    [Fact]
    public void A_new_style_address_line_resolves_and_keeps_the_whole_street()
    {
        var result = Resolve(null, null, null, fullAddress: "Số 5, ngõ 10 Hàng Bạc, Phường Hoàn Kiếm, Hà Nội, Việt Nam");
        AssertResolved(result, "01", "00070");
        Assert.Equal("Số 5, ngõ 10 Hàng Bạc", result.Street);
    }

    [Fact]
    public void A_line_whose_last_part_is_an_old_district_and_a_new_ward_needs_review()
    {
        var result = Resolve(null, null, null, fullAddress: "12 Kim Mã, Ba Đình, Hà Nội");
        AssertNeedsReview(result, "00004");
        Assert.Equal("'Ba Đình' có thể là Quận Ba Đình cũ hoặc Phường Ba Đình mới: cần xác nhận địa chỉ", result.Reason);
    }

    [Fact]
    public void The_line_supplies_the_street_when_the_fields_are_structured()
    {
        var result = Resolve("Hồ Chí Minh", null, "Phường Bến Thành", null, "45 Lê Thánh Tôn, Phường Bến Thành, TP HCM");
        AssertResolved(result, "79", "26743");
        Assert.Equal("45 Lê Thánh Tôn", result.Street);
    }

    // ---- Not found -----------------------------------------------------------------------------------

    [Fact]
    public void An_unknown_ward_is_unresolved_with_the_province_named()
    {
        var result = Resolve("TP.HCM", null, "Phường Không Có");
        Assert.Equal(AddressMatch.Unresolved, result.Match);
        Assert.Equal("79", result.ProvinceCode);
        Assert.Equal("Không tìm thấy phường/xã 'Phường Không Có' ở Thành phố Hồ Chí Minh", result.Reason);
    }

    [Fact]
    public void An_unknown_ward_in_a_known_old_district_names_the_district() =>
        Assert.Equal("Không tìm thấy phường/xã 'Phường Không Có' ở Quận 1, Thành phố Hồ Chí Minh",
            Resolve("Hồ Chí Minh", "Quận 1", "Phường Không Có").Reason);

    [Theory]
    [InlineData(null, "Phường Bến Thành", "Thiếu tỉnh/thành phố")]
    [InlineData("Tỉnh Atlantis", "Phường Bến Thành", "Không tìm thấy tỉnh/thành phố 'Tỉnh Atlantis'")]
    [InlineData("Hồ Chí Minh", "  ", "Thiếu phường/xã ở Thành phố Hồ Chí Minh")]
    [InlineData("Hồ Chí Minh", "Quận 1", "Không tìm thấy phường/xã 'Quận 1' ở Thành phố Hồ Chí Minh")] // a district is no ward
    public void Missing_or_unknown_parts_are_unresolved(string? province, string? ward, string reason)
    {
        var result = Resolve(province, null, ward);
        Assert.Equal(AddressMatch.Unresolved, result.Match);
        Assert.Equal(reason, result.Reason);
        Assert.Null(result.WardCode);
    }

    [Fact]
    public void Nothing_at_all_is_unresolved() =>
        Assert.Equal(AddressMatch.Unresolved, Resolve(null, null, null, null, null).Match);

    // ---- Whole data sets (also checks that thousands of look-ups stay cheap; no timing asserted) ------

    [Fact]
    public void Every_new_ward_resolves_by_its_full_name_and_by_its_accent_free_name()
    {
        foreach (var province in AdministrativeUnits.Provinces)
            foreach (var ward in AdministrativeUnits.WardsOf(province.Code))
            {
                AssertResolved(Resolve(province.FullName, null, ward.FullName), province.Code, ward.Code);

                var ascii = Resolve(Text.Fold(province.Name), null, Text.Fold(ward.FullName));
                if (ascii.Match == AddressMatch.NeedsReview) Assert.Contains(ward.Code, ascii.CandidateWardCodes);
                else AssertResolved(ascii, province.Code, ward.Code);
            }
    }

    [Fact]
    public void Every_old_ward_maps_to_its_new_ward_or_needs_review_when_split()
    {
        var count = 0;
        foreach (var old in AddressResolver.Index.OldWards.Where(w => !w.Legacy))
        {
            var result = Resolve(old.District.Province.FullName, old.District.FullName, old.FullName);
            if (old.NewCodes is [var code]) AssertResolved(result, old.District.Province.NewCode, code);
            else AssertNeedsReview(result, old.NewCodes);
            count++;
        }
        Assert.Equal(10_035, count);
    }
}
