using SellerHub.Addresses;
using SellerHub.Workspaces;

namespace SellerHub.Core.Tests;

public sealed class AddressAndPhoneTests
{
    [Fact]
    public void The_2025_units_are_all_there()
    {
        Assert.Equal(34, AdministrativeUnits.Provinces.Count);
        Assert.Equal(3321, AdministrativeUnits.Provinces.Sum(p => AdministrativeUnits.WardsOf(p.Code).Count));
        Assert.Equal(168, AdministrativeUnits.WardsOf("79").Count);
    }

    [Theory]
    [InlineData("26740", "79", "Phường Sài Gòn")]
    [InlineData("00070", "01", "Phường Hoàn Kiếm")]
    [InlineData("26737", "79", "Phường Tân Định")]
    public void Wards_are_found_by_code_with_their_province(string code, string province, string fullName)
    {
        var ward = AdministrativeUnits.FindWard(code);
        Assert.NotNull(ward);
        Assert.Equal(province, ward.ProvinceCode);
        Assert.Equal(fullName, ward.FullName);
    }

    [Fact]
    public void Unknown_codes_are_not_found()
    {
        Assert.Null(AdministrativeUnits.FindProvince("02")); // Hà Giang merged into Tuyên Quang
        Assert.Null(AdministrativeUnits.FindWard("99999"));
        Assert.Null(AdministrativeUnits.FindProvince(null));
    }

    [Theory]
    [InlineData("0912345678", PhoneCheck.Valid, "+84912345678", true)]
    [InlineData("+84 (0) 912 345 678", PhoneCheck.Valid, "+84912345678", true)]
    [InlineData("0084912345678", PhoneCheck.Valid, "+84912345678", true)]
    [InlineData("０９１２３４５６７８", PhoneCheck.Valid, "+84912345678", true)]
    [InlineData("028 3822 1234", PhoneCheck.Valid, "+842838221234", false)]
    [InlineData("09******78", PhoneCheck.Masked, null, false)]
    [InlineData("0891234567", PhoneCheck.UnknownPrefix, "+84891234567", false)]
    [InlineData("01621234567", PhoneCheck.Invalid, null, false)]
    [InlineData("12345", PhoneCheck.Invalid, null, false)]
    [InlineData("", PhoneCheck.Invalid, null, false)]
    [InlineData("+1 415 555 0100", PhoneCheck.Invalid, null, false)]
    public void Phones_are_checked_by_the_vietnamese_rules(string raw, PhoneCheck check, string? e164, bool mobile)
    {
        var result = VietnamesePhone.Check(raw);
        Assert.Equal(check, result.Check);
        Assert.Equal(e164, result.E164);
        Assert.Equal(mobile, result.IsMobile);
    }

    [Theory]
    [InlineData("01621234567", "+84321234567")]
    [InlineData("0120 123 4567", "+84701234567")]
    [InlineData("01991234567", "+84591234567")]
    public void Old_eleven_digit_mobiles_are_refused_with_their_successor(string raw, string successor)
    {
        var result = VietnamesePhone.Check(raw);
        Assert.Equal(PhoneCheck.Invalid, result.Check);
        Assert.Equal(successor, result.Suggested);
    }

    [Fact]
    public void Phones_display_in_the_national_form() => Assert.Equal("0912345678", VietnamesePhone.Check("+84912345678").National);

    [Theory]
    [InlineData(" Chu@Shop.VN ", "chu@shop.vn")]
    [InlineData("0912 345 678", "+84912345678")]
    [InlineData("028 3822 1234", null)] // a landline cannot sign in by SMS-style contact
    [InlineData("not-an-email@", null)]
    [InlineData("a@b", null)]
    [InlineData("", null)]
    public void Contacts_normalise_to_an_email_or_a_mobile(string raw, string? expected) =>
        Assert.Equal(expected, Contact.Normalize(raw));
}
