using System.Globalization;
using System.Text;

namespace SellerHub.Common;

public static class Text
{
    /// <summary>
    /// Lower case without diacritics, đ as d: "Áo thun" and "ao thun" fold alike, for searching the
    /// way sellers type (often without tone marks).
    /// </summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var decomposed = text.Replace('Đ', 'D').Replace('đ', 'd').Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(char.ToLowerInvariant(c));
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
