using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using static SellerHub.Common.Text;

namespace SellerHub.Addresses;

public enum AddressMatch
{
    /// <summary>New (2025) province and ward codes are known.</summary>
    Resolved,

    /// <summary>"Cần xác nhận địa chỉ": an old ward that was split, or a name that fits several units.</summary>
    NeedsReview,

    /// <summary>The province or the ward could not be found; <see cref="AddressResolution.Reason"/> says which.</summary>
    Unresolved,
}

/// <summary>
/// Where a recipient lives in the two-tier scheme. Codes are new (2025) codes. <see cref="Reason"/> is
/// Vietnamese and set unless <see cref="AddressMatch.Resolved"/>; <see cref="CandidateWardCodes"/> lists the
/// new wards the operator can choose from when the address needs review.
/// </summary>
public sealed record AddressResolution(
    AddressMatch Match, string? ProvinceCode, string? WardCode, string? Street, string? Reason,
    IReadOnlyList<string> CandidateWardCodes);

/// <summary>
/// Turns what a marketplace sends for a recipient (old three-tier province/district/ward, new two-tier
/// province/ward, or only a full address line) into new province + ward codes. Pure and in memory:
/// the data is embedded (Addresses/Data) and indexed once, on first use.
/// </summary>
public static partial class AddressResolver
{
    public static AddressResolution Resolve(string? province, string? district, string? ward, string? street, string? fullAddress)
    {
        street = Clean(street);
        var line = Clean(fullAddress);
        if (line is not null && (Clean(province) is null || Clean(ward) is null))
            return ResolveLine(line, Clean(province), street);

        // The structured fields decide; the address line, if any, only supplies the street.
        street ??= line is null ? null : ResolveLine(line, Clean(province), null).Street;
        return ResolveParts(Clean(province), Clean(district), Clean(ward), street);
    }

    private static AddressResolution ResolveParts(string? provinceText, string? districtText, string? wardText, string? street)
    {
        var (old, failure) = FindProvince(provinceText, street);
        if (old is null) return failure!;
        var province = AdministrativeUnits.FindProvince(old.NewCode)!;

        var districts = districtText is null ? [] : FindDistricts(old, Query.Parse(districtText));
        // Island districts had no wards; each became one special zone.
        if (districts is [{ NewWardCode: { } zone }]) return Resolved(province.Code, zone, street);

        var where = districts is [var only] ? $"{only.FullName}, {only.Province.FullName}"
            : old.IsCurrent ? province.FullName : old.FullName;
        if (wardText is null) return Unresolved(province.Code, street, $"Thiếu phường/xã ở {where}");

        // Three-tier input (a known old district, or a province that no longer exists) is read as old first:
        // old and new wards share names ("Phường Ngọc Hà" old ≠ new). Otherwise the new scheme goes first.
        var query = Query.Parse(wardText);
        var oldFirst = districts.Length > 0 || !old.IsCurrent;
        var result = query.Prefix is { IsDistrictLevel: true } ? null // "Quận 1" names no ward ("Phường 1" does)
            : oldFirst ? TryOldWard(old, districts, query, street) ?? TryNewWard(province, query, street)
            : TryNewWard(province, query, street) ?? TryOldWard(old, districts, query, street);
        return result ?? Unresolved(province.Code, street, $"Không tìm thấy phường/xã '{wardText}' ở {where}");
    }

    /// <summary>"12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM" or "12 Lê Lợi, Phường Sài Gòn, TP.HCM".</summary>
    private static AddressResolution ResolveLine(string line, string? province, string? street)
    {
        var parts = line.Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count > 0 && Fold(parts[^1]) is "viet nam" or "vietnam" or "vn") parts.RemoveAt(parts.Count - 1);

        // The last part names the province, unless the caller sent it apart (then drop it if repeated).
        if (province is null)
        {
            if (parts.Count == 0) return Unresolved(null, street, "Thiếu tỉnh/thành phố");
            province = parts[^1];
            parts.RemoveAt(parts.Count - 1);
        }
        else if (parts.Count > 0 && Index.Provinces.Find([""], Query.Parse(parts[^1])).Length > 0)
            parts.RemoveAt(parts.Count - 1);

        string? StreetBefore(int count) => street ?? (count > 0 ? string.Join(", ", parts.Take(count)) : null);
        // "183 Cách Mạng Tháng Tám, Tỉnh Bắc Ninh": a house number starts a street, never a ward — the ward is missing.
        if (parts.Count > 0 && LooksLikeStreet(parts[^1])) return ResolveParts(province, null, null, StreetBefore(parts.Count));
        var twoTier = ResolveParts(province, null, parts.Count > 0 ? parts[^1] : null, StreetBefore(parts.Count - 1));

        // "…, ward, district, province" when the part before the province names an old district.
        var (old, _) = FindProvince(province, street);
        if (old is null || parts.Count == 0 || FindDistricts(old, Query.Parse(parts[^1])) is not { Length: > 0 } districts)
            return twoTier;
        var threeTier = ResolveParts(province, parts[^1], parts.Count > 1 ? parts[^2] : null, StreetBefore(parts.Count - 2));
        if (threeTier.Match != AddressMatch.Unresolved || twoTier.Match != AddressMatch.Resolved) return threeTier;

        // "12 Kim Mã, Ba Đình, Hà Nội": the old district lacks its ward, and the new ward of that name is
        // much smaller than the old district. Either reading may be right.
        var ward = AdministrativeUnits.FindWard(twoTier.WardCode)!;
        return NeedsReview(twoTier.ProvinceCode, twoTier.Street,
            $"'{parts[^1]}' có thể là {districts[0].FullName} cũ hoặc {ward.FullName} mới: cần xác nhận địa chỉ", [ward.Code]);
    }

    private static bool LooksLikeStreet(string part) => char.IsDigit(part[0]) || Fold(part).StartsWith("so ", StringComparison.Ordinal);

    private static (OldProvince? Found, AddressResolution? Failure) FindProvince(string? text, string? street)
    {
        if (text is null) return (null, Unresolved(null, street, "Thiếu tỉnh/thành phố"));
        var query = Query.Parse(text);
        var found = Narrow(Index.Provinces.Find([""], query), query, p => p.FullName);
        return found switch
        {
            [var one] => (one, null),
            [] => (null, Unresolved(null, street, $"Không tìm thấy tỉnh/thành phố '{text}'")),
            _ => (null, NeedsReview(null, street,
                $"'{text}' khớp nhiều tỉnh/thành phố ({string.Join(", ", found.Select(p => p.FullName))}): cần xác nhận địa chỉ", [])),
        };
    }

    /// <summary>Old districts of that name, in the province as typed first, then in the others merged with it.</summary>
    private static OldDistrict[] FindDistricts(OldProvince province, Query query)
    {
        if (query.Prefix is { IsDistrictLevel: false }) return []; // "P.1" is a ward, not Quận 1
        foreach (var scope in province.SearchOrder)
        {
            var found = Index.Districts.Find([scope.Code], query);
            if (found.Length > 0) return Narrow(found, query, d => d.FullName);
        }
        return [];
    }

    private static AddressResolution? TryNewWard(Province province, Query query, string? street)
    {
        var found = Narrow(Index.NewWards.Find([province.Code], query), query, w => w.FullName);
        return found switch
        {
            [] => null,
            [var one] => Resolved(province.Code, one.Code, street),
            _ => NeedsReview(province.Code, street,
                $"'{query.Text}' khớp nhiều phường/xã ở {province.FullName} ({string.Join(", ", found.Select(w => w.FullName))}): cần xác nhận địa chỉ",
                found.Select(w => w.Code).ToArray()),
        };
    }

    private static AddressResolution? TryOldWard(OldProvince province, OldDistrict[] districts, Query query, string? street)
    {
        // Without a district, an old ward name is searched in the whole old province (it repeats there often:
        // then the address needs review unless all the namesakes went to the same new ward).
        var found = districts.Length > 0
            ? Index.OldWardsByDistrict.Find(districts.Select(d => d.Code), query)
            : province.SearchOrder.Select(p => Index.OldWardsByProvince.Find([p.Code], query)).FirstOrDefault(f => f.Length > 0) ?? [];
        found = Narrow(found, query, w => w.FullName);
        if (found.Any(w => !w.Legacy)) found = [.. found.Where(w => !w.Legacy)]; // legacy codes were merged before 2025
        if (found.Length == 0) return null;

        var provinceCode = found[0].District.Province.NewCode;
        var newCodes = found.SelectMany(w => w.NewCodes).Distinct().ToArray();
        if (newCodes is [var code]) return Resolved(provinceCode, code, street);

        var names = newCodes.Select(c => AdministrativeUnits.FindWard(c)?.FullName ?? c).ToArray();
        // The data has no street ranges for split wards, so the street cannot decide: never guess.
        var reason = found is [var split]
            ? $"{split.FullName} cũ nay thuộc nhiều {UnitWord(names)} mới ({string.Join(", ", names)}): cần xác nhận địa chỉ"
            : $"'{query.Text}' khớp nhiều phường/xã cũ ({string.Join("; ", found.Select(w => $"{w.FullName}, {w.District.FullName}"))}): cần xác nhận địa chỉ";
        return NeedsReview(provinceCode, street, reason, newCodes);
    }

    /// <summary>Several units share a name ("Thị trấn Yên Viên", "Xã Yên Viên"): a typed prefix may tell them apart.</summary>
    private static T[] Narrow<T>(T[] found, Query query, Func<T, string> fullName)
    {
        if (found.Length < 2 || query.Prefix is null) return found;
        var same = found.Where(u => Prefix.Of(fullName(u)) == query.Prefix).ToArray();
        return same.Length > 0 ? same : found;
    }

    private static string UnitWord(string[] fullNames) =>
        fullNames.All(n => n.StartsWith("Phường ", StringComparison.Ordinal)) ? "phường"
        : fullNames.All(n => n.StartsWith("Xã ", StringComparison.Ordinal)) ? "xã"
        : "phường/xã";

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static AddressResolution Resolved(string province, string ward, string? street) =>
        new(AddressMatch.Resolved, province, ward, street, null, []);

    private static AddressResolution NeedsReview(string? province, string? street, string reason, IReadOnlyList<string> candidates) =>
        new(AddressMatch.NeedsReview, province, null, street, reason, candidates);

    private static AddressResolution Unresolved(string? province, string? street, string reason) =>
        new(AddressMatch.Unresolved, province, null, street, reason, []);

    // ---- Names -------------------------------------------------------------------------------------

    /// <summary>An administrative prefix ("Phường", "P.", "Q", "TP", "Tỉnh"…) under its one official spelling.</summary>
    internal sealed record Prefix(string Name, bool IsDistrictLevel, string[] Forms)
    {
        public static readonly Prefix[] All =
        [
            new("Phường", false, ["phường", "p"]),
            new("Xã", false, ["xã", "x"]),
            new("Thị trấn", false, ["thị trấn", "tt"]),
            new("Đặc khu", false, ["đặc khu"]),
            new("Quận", true, ["quận", "q"]),
            new("Huyện", true, ["huyện", "h"]),
            new("Thị xã", true, ["thị xã", "tx"]),
            new("Thành phố", true, ["thành phố", "tp"]), // also a province ("Thành phố Hà Nội")
            new("Tỉnh", false, ["tỉnh", "t"]),
        ];

        /// <summary>The official prefix a data full name starts with ("Phường Bến Nghé" → Phường).</summary>
        public static Prefix? Of(string fullName) =>
            All.FirstOrDefault(p => fullName.StartsWith(p.Name + " ", StringComparison.Ordinal));

        public static string BareName(string fullName) => Of(fullName) is { } p ? fullName[(p.Name.Length + 1)..] : fullName;
    }

    /// <summary>
    /// A typed name as lookup keys: the name without its prefix, and (when the prefix was only recognised
    /// without accents, "Xa Phin" may be "Xà Phìn") the whole text too.
    /// </summary>
    internal sealed record Query(string Text, Prefix? Prefix, string[] Keys, string[] FoldedKeys, bool IsAscii)
    {
        private static readonly (Prefix Prefix, List<string> Tokens, string[] Folded)[] PrefixForms =
            [.. Prefix.All.SelectMany(p => p.Forms.Select(f => (p, Tokens(f), Tokens(f).Select(t => Fold(t)).ToArray())))];

        public static Query Parse(string text)
        {
            var tokens = Tokens(text);
            Prefix? prefix = null;
            var length = 0;
            var certain = true;
            foreach (var (p, form, folded) in PrefixForms)
            {
                if (form.Count >= tokens.Count) continue; // a prefix alone is no name
                var head = tokens[..form.Count];
                var exact = head.SequenceEqual(form);
                // Typed without accents ("phuong", "xa", "thanh pho"): maybe a prefix, maybe part of the name.
                if (!exact && !head.Zip(folded).All(w => w.First.All(char.IsAscii) && w.First == w.Second)) continue;
                (prefix, length, certain) = (p, form.Count, exact);
                break;
            }
            string[] keys = certain || length == 0
                ? [Key(tokens[length..], prefix)]
                : [Key(tokens[length..], prefix), Key(tokens, null)];
            return new(text, prefix, keys, [.. keys.Select(k => Fold(k)).Distinct()], text.All(char.IsAscii));
        }

        /// <summary>Key of a name in the data (without prefix).</summary>
        public static string Key(string bareName, Prefix? prefix) => Key(Tokens(bareName), prefix);

        private static readonly string[] Roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"];

        private static string Key(List<string> tokens, Prefix? prefix)
        {
            // "Phường IV" (Vị Thanh) is also written "Phường 4".
            if (tokens is [var only] && prefix?.Name == "Phường" && Array.IndexOf(Roman, only) is var i and >= 0)
                return (i + 1).ToString(CultureInfo.InvariantCulture);
            return string.Join(' ', tokens);
        }

        /// <summary>
        /// Lower-case words without punctuation, numbers without leading zeros ("01" → "1"), and each word's
        /// tone mark moved to its end, so the old and new placements agree ("hòa" = "hoà", "thủy" = "thuỷ").
        /// </summary>
        private static List<string> Tokens(string text)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            foreach (var c in text.Normalize(NormalizationForm.FormD).Replace('Ð', 'Đ').ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) word.Append(c);
                else Flush();
            }
            Flush();
            if (words.Count > 0 && GluedNumber().Match(words[0]) is { Success: true } glued) // "P1", "Q10"
            {
                words[0] = glued.Groups[1].Value;
                words.Insert(1, Number(glued.Groups[2].Value));
            }
            return words;

            void Flush()
            {
                if (word.Length == 0) return;
                var tone = new StringBuilder();
                var rest = new StringBuilder();
                foreach (var c in word.ToString()) (IsTone(c) ? tone : rest).Append(c);
                var w = rest.ToString().Normalize(NormalizationForm.FormC);
                words.Add(w.All(char.IsAsciiDigit) ? Number(w) : w + tone);
                word.Clear();
            }
        }

        private static string Number(string digits) => digits.TrimStart('0') is { Length: > 0 } n ? n : "0";

        private static bool IsTone(char c) => c is '\u0300' or '\u0301' or '\u0303' or '\u0309' or '\u0323';
    }

    // ---- Data ----------------------------------------------------------------------------------------

    /// <param name="IsCurrent">
    /// A new province has its name ("Lào Cai", 10 → 15). Not the same as keeping the code: new 15 took its
    /// code from Yên Bái, and its name from Lào Cai.
    /// </param>
    internal sealed record OldProvince(string Code, string FullName, string NewCode, bool IsCurrent)
    {
        /// <summary>Itself, then (if current) the other old provinces merged into it: names typed under the new province.</summary>
        public IEnumerable<OldProvince> SearchOrder =>
            IsCurrent ? [this, .. Index.OldProvincesByNewCode[NewCode].Where(p => p != this)] : [this];
    }

    internal sealed record OldDistrict(string Code, string FullName, OldProvince Province, string? NewWardCode);

    /// <summary>A ward before 1 July 2025 and the new ward(s) it went to: one if whole, several if it was split.</summary>
    internal sealed record OldWard(string Code, string FullName, OldDistrict District, string[] NewCodes, bool Legacy);

    /// <summary>Units by name within a scope (a province or district code).</summary>
    internal sealed class NameIndex<T>
    {
        private readonly FrozenDictionary<string, T[]> _exact;
        private readonly FrozenDictionary<string, T[]> _folded;

        public NameIndex(IEnumerable<(string Scope, string Key, T Unit)> entries)
        {
            var list = entries.ToList();
            _exact = Group(list.Select(e => (e.Scope + "|" + e.Key, e.Unit)));
            _folded = Group(list.Select(e => (e.Scope + "|" + Fold(e.Key), e.Unit)));
        }

        /// <summary>
        /// Exact hits (accents kept, tone placement normalised); only if none, hits on the accent-folded form.
        /// Text typed without any accent goes to the folded form directly: "Thanh An" may be "Thạnh An".
        /// </summary>
        public T[] Find(IEnumerable<string> scopes, Query query)
        {
            if (!query.IsAscii && Collect(_exact, scopes, query.Keys) is { Length: > 0 } exact) return exact;
            return Collect(_folded, scopes, query.FoldedKeys);
        }

        private static T[] Collect(FrozenDictionary<string, T[]> index, IEnumerable<string> scopes, string[] keys) =>
            [.. (from scope in scopes from key in keys from unit in index.GetValueOrDefault(scope + "|" + key, []) select unit).Distinct()];

        private static FrozenDictionary<string, T[]> Group(IEnumerable<(string Key, T Unit)> entries) =>
            entries.GroupBy(e => e.Key, e => e.Unit).ToFrozenDictionary(g => g.Key, g => g.Distinct().ToArray());
    }

    internal sealed record Indexes(
        NameIndex<OldProvince> Provinces, NameIndex<OldDistrict> Districts,
        NameIndex<OldWard> OldWardsByDistrict, NameIndex<OldWard> OldWardsByProvince, NameIndex<Ward> NewWards,
        FrozenDictionary<string, OldProvince[]> OldProvincesByNewCode, IReadOnlyList<OldWard> OldWards);

    private static readonly Lazy<Indexes> Loaded = new(Load);

    internal static Indexes Index => Loaded.Value;

    // Names buyers and marketplaces use that are in neither data file, with the old province they mean.
    private static readonly (string Alias, string OldCode)[] ProvinceAliases =
    [
        ("HCM", "79"), ("TPHCM", "79"), ("HCMC", "79"), ("Hồ Chí Minh City", "79"), ("Sài Gòn", "79"), ("SG", "79"),
        ("HN", "01"), ("Thừa Thiên Huế", "46"), ("BRVT", "77"), ("Vũng Tàu", "77"),
    ];

    private sealed record WardJson(string Code, string FullName, string[] New, bool Legacy);

    private sealed record DistrictJson(string Code, string FullName, string? NewWardCode, WardJson[] Wards);

    private sealed record ProvinceJson(string Code, string FullName, string NewProvinceCode, DistrictJson[] Districts);

    private sealed record OldUnitsJson(ProvinceJson[] Provinces);

    private static Indexes Load()
    {
        using var stream = typeof(AddressResolver).Assembly.GetManifestResourceStream("SellerHub.Addresses.old-units-2025.json")
            ?? throw new InvalidOperationException("Embedded old-units-2025.json is missing.");
        var json = JsonSerializer.Deserialize<OldUnitsJson>(stream, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;

        static string KeyOf(string fullName) => Query.Key(Prefix.BareName(fullName), Prefix.Of(fullName));
        var current = AdministrativeUnits.Provinces.Select(p => Query.Key(p.Name, null)).ToHashSet();
        var provinces = json.Provinces
            .Select(p => new OldProvince(p.Code, p.FullName, p.NewProvinceCode, current.Contains(KeyOf(p.FullName)))).ToArray();
        var byCode = provinces.ToDictionary(p => p.Code);
        var byName = provinces.ToDictionary(p => KeyOf(p.FullName));

        var districts = new List<OldDistrict>();
        var wards = new List<OldWard>();
        foreach (var p in json.Provinces)
            foreach (var d in p.Districts)
            {
                var district = new OldDistrict(d.Code, d.FullName, byCode[p.Code], d.NewWardCode);
                districts.Add(district);
                wards.AddRange(d.Wards.Select(w => new OldWard(w.Code, w.FullName, district, w.New, w.Legacy)));
            }

        // Every new province name is also an old one; its English name ("Haiphong") is indexed with it.
        var provinceNames = provinces.Select(p => ("", KeyOf(p.FullName), p))
            .Concat(AdministrativeUnits.Provinces.Select(p => ("", Query.Key(p.NameEn, null), byName[Query.Key(p.Name, null)])))
            .Concat(ProvinceAliases.Select(a => ("", Query.Key(a.Alias, null), byCode[a.OldCode])));
        var newWards = AdministrativeUnits.Provinces.SelectMany(p => AdministrativeUnits.WardsOf(p.Code))
            .Select(w => (w.ProvinceCode, Query.Key(w.Name, Prefix.Of(w.FullName)), w));

        return new Indexes(
            new NameIndex<OldProvince>(provinceNames),
            new NameIndex<OldDistrict>(districts.Select(d => (d.Province.Code, KeyOf(d.FullName), d))),
            new NameIndex<OldWard>(wards.Select(w => (w.District.Code, KeyOf(w.FullName), w))),
            new NameIndex<OldWard>(wards.Select(w => (w.District.Province.Code, KeyOf(w.FullName), w))),
            new NameIndex<Ward>(newWards),
            provinces.GroupBy(p => p.NewCode).ToFrozenDictionary(g => g.Key, g => g.ToArray()),
            wards);
    }

    [GeneratedRegex(@"^(p|q|phuong|quan)(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex GluedNumber();
}
