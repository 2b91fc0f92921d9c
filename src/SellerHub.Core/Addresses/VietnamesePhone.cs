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

/// <param name="Suggested">For an old 11-digit mobile number, its 10-digit successor (E.164).</param>
public sealed record PhoneResult(PhoneCheck Check, string? E164, bool IsMobile, string? Suggested = null)
{
    /// <summary>National display form: 0912345678.</summary>
    public string? National => E164 is null ? null : "0" + E164[3..];
}

/// <summary>Vietnamese phone numbers, by libphonenumber's metadata (rules in the vn-admin README).</summary>
public static class VietnamesePhone
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The 2018 renumbering of 11-digit mobiles: old prefix (after 0) → new prefix.</summary>
    private static readonly Dictionary<string, string> Renumbered = new()
    {
        ["162"] = "32", ["163"] = "33", ["164"] = "34", ["165"] = "35", ["166"] = "36", ["167"] = "37", ["168"] = "38", ["169"] = "39",
        ["120"] = "70", ["121"] = "79", ["122"] = "77", ["126"] = "76", ["128"] = "78",
        ["123"] = "83", ["124"] = "84", ["125"] = "85", ["127"] = "81", ["129"] = "82",
        ["186"] = "56", ["188"] = "58", ["199"] = "59",
    };

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
        var national = e164[3..];
        if (national.Length == 10 && Renumbered.TryGetValue(national[..3], out var successor))
            return new(PhoneCheck.Invalid, null, false, "+84" + successor + national[3..]);
        if (!Util.IsValidNumber(number)) return new(PhoneCheck.UnknownPrefix, e164, false);
        var type = Util.GetNumberType(number);
        return new(PhoneCheck.Valid, e164, type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE);
    }
}
