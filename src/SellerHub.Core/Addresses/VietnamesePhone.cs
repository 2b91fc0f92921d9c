using PhoneNumbers;

namespace SellerHub.Addresses;

public enum PhoneCheck
{
    Valid,
    /// <summary>A marketplace hid digits (****): not wrong, just not ours to see.</summary>
    Masked,
    /// <summary>Right length, but a prefix libphonenumber does not know yet (allocations lag).</summary>
    UnknownPrefix,
    Invalid,
}

public sealed record PhoneResult(PhoneCheck Check, string? E164, bool IsMobile)
{
    /// <summary>National display form: 0912345678.</summary>
    public string? National => E164 is null ? null : "0" + E164[3..];
}

/// <summary>Vietnamese phone numbers, by libphonenumber's metadata (rules in the vn-admin README).</summary>
public static class VietnamesePhone
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static PhoneResult Check(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return new(PhoneCheck.Invalid, null, false);
        if (raw.Contains('*') || raw.Contains('•') || raw.Contains("xx", StringComparison.OrdinalIgnoreCase))
            return new(PhoneCheck.Masked, null, false);

        PhoneNumber number;
        try { number = Util.Parse(raw.Normalize(System.Text.NormalizationForm.FormKC), "VN"); }
        catch (NumberParseException) { return new(PhoneCheck.Invalid, null, false); }

        if (number.CountryCode != 84 || !Util.IsPossibleNumber(number)) return new(PhoneCheck.Invalid, null, false);
        var e164 = Util.Format(number, PhoneNumberFormat.E164);
        if (!Util.IsValidNumber(number)) return new(PhoneCheck.UnknownPrefix, e164, false);
        var type = Util.GetNumberType(number);
        return new(PhoneCheck.Valid, e164, type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE);
    }
}
