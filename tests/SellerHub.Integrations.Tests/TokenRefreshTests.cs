using SellerHub.Channels;
using SellerHub.Integrations.Lazada;
using SellerHub.Integrations.TikTokShop;

namespace SellerHub.Integrations.Tests;

/// <summary>Lazada and TikTok renew an access token before it lapses, as Shopee does, and hand the new pair over to be stored.</summary>
public sealed class TokenRefreshTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Lazada", "300001")]
    [InlineData("TikTok", "7000001")]
    public async Task A_token_about_to_lapse_is_refreshed_before_the_call_and_the_new_refresh_token_is_stored(string vendor, string shopId)
    {
        var stored = new List<ChannelTokens>();
        ISalesChannel channel = vendor == "Lazada" ? sandbox.Get<LazadaChannel>() : sandbox.Get<TikTokShopChannel>();
        var account = vendor == "Lazada" ? await sandbox.ConnectLazada(stored) : await sandbox.ConnectTikTok(stored);
        var issued = account.Tokens;

        // Still good at the marketplace, so nothing but the adapter's own look at the expiry can renew it.
        account.Tokens = issued with { AccessExpiresAt = DateTime.UtcNow.AddMinutes(10) };
        await channel.ListChangedOrdersAsync(account, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow, Ct);

        var renewed = Assert.Single(stored);
        Assert.Equal(account.Tokens, renewed);
        Assert.NotEqual(issued.AccessToken, renewed.AccessToken);
        Assert.NotEqual(issued.RefreshToken, renewed.RefreshToken);
        Assert.True(renewed.AccessExpiresAt > DateTime.UtcNow.AddDays(1), $"{renewed.AccessExpiresAt:o}");

        // The stored refresh token is the one the marketplace honours next time.
        await sandbox.Admin.PostAsync($"/sandbox/admin/shops/{vendor}/{shopId}/expire-tokens", null, Ct);
        await channel.ListChangedOrdersAsync(account, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow, Ct);
        Assert.Equal(2, stored.Count);
        Assert.NotEqual(renewed.RefreshToken, stored[1].RefreshToken);
    }
}
