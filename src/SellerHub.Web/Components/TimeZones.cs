namespace SellerHub.Web.Components;

/// <summary>Time zones a Vietnamese seller's business plausibly runs on; Vietnam first.</summary>
public static class TimeZones
{
    public static readonly (string Id, string Label)[] Common =
    [
        ("Asia/Ho_Chi_Minh", "(UTC+07:00) Việt Nam — Asia/Ho_Chi_Minh"),
        ("Asia/Bangkok", "(UTC+07:00) Asia/Bangkok"),
        ("Asia/Singapore", "(UTC+08:00) Asia/Singapore"),
        ("Asia/Shanghai", "(UTC+08:00) Asia/Shanghai"),
        ("Asia/Tokyo", "(UTC+09:00) Asia/Tokyo"),
        ("Asia/Seoul", "(UTC+09:00) Asia/Seoul"),
        ("Europe/London", "(UTC+00:00) Europe/London"),
        ("America/Los_Angeles", "(UTC−08:00) America/Los_Angeles"),
        ("UTC", "UTC"),
    ];
}
