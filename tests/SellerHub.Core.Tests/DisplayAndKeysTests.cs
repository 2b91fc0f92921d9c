using SellerHub.Common;
using SellerHub.Workspaces;

namespace SellerHub.Core.Tests;

public sealed class DisplayAndKeysTests
{
    private static readonly TimeZoneInfo Vietnam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    [Fact]
    public void Dates_show_in_the_workspace_time_zone() =>
        Assert.Equal("26/11/2026 01:30", Display.DateTime(new DateTime(2026, 11, 25, 18, 30, 0, DateTimeKind.Utc), Vietnam));

    [Theory]
    [InlineData(1250000, "1.250.000 ₫")]
    [InlineData(0, "0 ₫")]
    [InlineData(999.5, "1.000 ₫")]
    public void Money_shows_in_dong(decimal amount, string expected) => Assert.Equal(expected, Display.Vnd(amount));

    [Fact]
    public void An_api_key_matches_only_itself()
    {
        var (key, plain) = ApiKey.Create("kế toán", StaffRole.OrderStaff, null);
        Assert.Equal(key.Prefix, ApiKey.PrefixOf(plain));
        Assert.True(key.Matches(plain));
        Assert.False(key.Matches(plain + "x"));
        Assert.DoesNotContain(plain, key.SecretHash);
        Assert.Null(ApiKey.PrefixOf("Bearer something"));
        Assert.Null(ApiKey.PrefixOf("shk_short_x"));
    }

    [Fact]
    public void Invitations_are_usable_once_and_until_they_expire()
    {
        var now = DateTime.UtcNow;
        var invitation = new Invitation { Contact = "a@b.vn", TokenHash = Invitation.Hash("t"), ExpiresAt = now.AddDays(1) };
        Assert.True(invitation.IsUsable(now));
        Assert.False(invitation.IsUsable(now.AddDays(2)));
        invitation.AcceptedAt = now;
        Assert.False(invitation.IsUsable(now));
    }
}
