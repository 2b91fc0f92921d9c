using System.Globalization;

namespace SellerHub.Common;

/// <summary>How SellerHub shows dates and money to Vietnamese sellers, whatever the UI language.</summary>
public static class Display
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>dd/MM/yyyy HH:mm in the workspace's time zone.</summary>
    public static string DateTime(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone)
            .ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>1.250.000 ₫</summary>
    public static string Vnd(decimal amount) =>
        Math.Round(amount, 0, MidpointRounding.AwayFromZero).ToString("#,0", Vietnamese) + " ₫";
}
