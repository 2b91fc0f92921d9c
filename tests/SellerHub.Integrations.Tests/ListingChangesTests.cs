using SellerHub.Channels;
using SellerHub.Integrations.Lazada;
using SellerHub.Integrations.Shopee;
using SellerHub.Integrations.TikTokShop;

namespace SellerHub.Integrations.Tests;

/// <summary>Each adapter asks its marketplace for the items updated since a time, with the vendor's own filter. Its own sandbox: these tests move its clock.</summary>
public sealed class ListingChangesTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Marketplaces => new() { { "Shopee", "UNLIST" }, { "Lazada", "inactive" }, { "TikTok", "SELLER_DEACTIVATED" } };

    private async Task<(ISalesChannel Channel, ChannelAccount Account)> Connect(string vendor) => vendor switch
    {
        "Shopee" => (sandbox.Get<ShopeeChannel>(), await sandbox.ConnectShopee()),
        "Lazada" => (sandbox.Get<LazadaChannel>(), await sandbox.ConnectLazada()),
        _ => (sandbox.Get<TikTokShopChannel>(), await sandbox.ConnectTikTok()),
    };

    [Theory]
    [MemberData(nameof(Marketplaces))]
    public async Task Only_the_items_updated_since_are_listed_each_with_all_its_models(string vendor, string unlisted)
    {
        var (channel, account) = await Connect(vendor);
        var all = await channel.ListListingsAsync(account, null, Ct);
        var item = all.Where(l => l.IsActive).GroupBy(l => l.ListingId).First(g => g.Count() > 1);
        Assert.True(all.Select(l => l.ListingId).Distinct().Count() > 5);

        // Half an hour of marketplace time passes, so the unlisting is later than every seeded item whatever the second.
        var advanced = await (await sandbox.Admin.PostAsJsonAsync("/sandbox/admin/clock/advance", new { Minutes = 30 }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var now = advanced.GetProperty("now").GetDateTime().ToUniversalTime();
        (await sandbox.Admin.PutAsJsonAsync($"/sandbox/admin/items/{item.Key}/status", new { Status = "UNLIST" }, Ct)).EnsureSuccessStatusCode();

        var changed = await channel.ListListingsAsync(account, now.AddMinutes(-15), Ct);
        Assert.Equal(item.Select(l => l.ModelId).Order(), changed.Select(l => l.ModelId).Order());
        Assert.All(changed, l =>
        {
            Assert.Equal(item.Key, l.ListingId);
            Assert.Equal(unlisted, l.ChannelStatus);
            Assert.False(l.IsActive);
        });
        Assert.Empty(await channel.ListListingsAsync(account, now.AddMinutes(15), Ct));
    }
}
