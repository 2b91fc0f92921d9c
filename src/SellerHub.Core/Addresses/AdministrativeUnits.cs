using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SellerHub.Addresses;

public sealed record Province(
    string Code, string Name, [property: JsonPropertyName("full_name")] string FullName, string Type,
    [property: JsonPropertyName("name_en")] string NameEn);

public sealed record Ward(
    string Code, string Name, [property: JsonPropertyName("full_name")] string FullName, string Type,
    [property: JsonPropertyName("province_code")] string ProvinceCode);

/// <summary>
/// Vietnam's two-tier units since 1 July 2025: 34 provinces, 3,321 wards/communes (embedded data,
/// see Addresses/Data/LICENSE.md). Codes are strings with leading zeros.
/// </summary>
public static class AdministrativeUnits
{
    private static readonly Lazy<Data> Loaded = new(Load);

    public static IReadOnlyList<Province> Provinces => Loaded.Value.Provinces;

    public static Province? FindProvince(string? code) =>
        code is not null && Loaded.Value.ProvinceByCode.TryGetValue(code, out var p) ? p : null;

    public static Ward? FindWard(string? code) =>
        code is not null && Loaded.Value.WardByCode.TryGetValue(code, out var w) ? w : null;

    public static IReadOnlyList<Ward> WardsOf(string provinceCode) =>
        Loaded.Value.WardsByProvince.TryGetValue(provinceCode, out var wards) ? wards : [];

    /// <summary>"Phường Sài Gòn, Thành phố Hồ Chí Minh".</summary>
    public static string Describe(string provinceCode, string wardCode) =>
        $"{FindWard(wardCode)?.FullName}, {FindProvince(provinceCode)?.FullName}";

    private sealed record Data(
        IReadOnlyList<Province> Provinces,
        FrozenDictionary<string, Province> ProvinceByCode,
        FrozenDictionary<string, Ward> WardByCode,
        FrozenDictionary<string, Ward[]> WardsByProvince);

    private static Data Load()
    {
        var provinces = Read<Province>("provinces-2025.json");
        var wards = Read<Ward>("wards-2025.json");
        return new Data(
            provinces,
            provinces.ToFrozenDictionary(p => p.Code),
            wards.ToFrozenDictionary(w => w.Code),
            wards.GroupBy(w => w.ProvinceCode).ToFrozenDictionary(g => g.Key, g => g.ToArray()));
    }

    private static List<T> Read<T>(string file)
    {
        using var stream = typeof(AdministrativeUnits).Assembly.GetManifestResourceStream("SellerHub.Addresses." + file)
            ?? throw new InvalidOperationException($"Embedded {file} is missing.");
        return JsonSerializer.Deserialize<List<T>>(stream, JsonSerializerOptions.Web)!;
    }
}
