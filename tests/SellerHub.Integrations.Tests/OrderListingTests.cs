using SellerHub.Channels;
using SellerHub.Integrations.Lazada;
using SellerHub.Integrations.Shopee;
using SellerHub.Integrations.TikTokShop;

namespace SellerHub.Integrations.Tests;

/// <summary>Listing changed orders at scale: what each marketplace's pages returned, not only what an adapter kept.</summary>
public sealed class OrderListingTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, (string ShopId, string Adapter)> Shops = new()
    {
        ["Shopee"] = ("200001", ShopeeChannel.Vendor), ["Lazada"] = ("300001", LazadaChannel.Vendor), ["TikTok"] = ("7000001", TikTokShopChannel.Vendor),
    };

    private async Task<(ISalesChannel Channel, ChannelAccount Account)> Connect(string vendor) => vendor switch
    {
        "Shopee" => (sandbox.Get<ShopeeChannel>(), await sandbox.ConnectShopee()),
        "Lazada" => (sandbox.Get<LazadaChannel>(), await sandbox.ConnectLazada()),
        _ => (sandbox.Get<TikTokShopChannel>(), await sandbox.ConnectTikTok()),
    };

    [Theory]
    [InlineData("Shopee")]
    [InlineData("Lazada")]
    [InlineData("TikTok")]
    public async Task A_thousand_orders_are_listed_without_loss_or_repeat_while_new_ones_arrive(string vendor)
    {
        var (channel, account) = await Connect(vendor);
        var (shopId, adapter) = Shops[vendor];
        await AddOrders(vendor, 1000);
        var before = await OrderIds(vendor);
        Assert.True(before.Count >= 1000);

        sandbox.Pages.Clear(adapter);
        await sandbox.Admin.PutAsJsonAsync($"/sandbox/admin/shops/{vendor}/{shopId}/rate", new { OrdersPerMinute = 600 }, Ct);
        IReadOnlyList<ChannelOrderRef> listed;
        try
        {
            listed = await channel.ListChangedOrdersAsync(account, DateTime.UtcNow.AddDays(-2), DateTime.UtcNow.AddMinutes(5), Ct);
        }
        finally
        {
            await sandbox.Admin.PutAsJsonAsync($"/sandbox/admin/shops/{vendor}/{shopId}/rate", new { OrdersPerMinute = 0 }, Ct);
        }

        var answered = sandbox.Pages.Of(adapter).SelectMany(p => p).ToList();
        Assert.Empty(before.Except(answered));
        Assert.Equal(answered.Distinct().Order(), listed.Select(r => r.OrderId).Order());
        // Shopee and TikTok page with cursors, which never repeat an order; Lazada's offset pages overlap on purpose.
        if (vendor != "Lazada") Assert.Equal(answered.Count, answered.Distinct().Count());
    }

    [Fact]
    public async Task Lazada_orders_updated_mid_listing_move_to_the_end_without_pushing_others_out_of_sight()
    {
        var (channel, account) = await Connect("Lazada");
        await AddOrders("Lazada", 1000);
        var before = await OrderIds("Lazada");
        var moved = new List<string>();
        sandbox.Pages.Clear(LazadaChannel.Vendor);
        // After the first page, 30 of the orders it held (the last ones) ask to be cancelled: each is
        // updated now, so it leaves its place in the update-time order and the orders behind it move up.
        sandbox.Pages.AfterPage = async (vendor, page) =>
        {
            if (vendor != LazadaChannel.Vendor || page != 1) return;
            foreach (var id in sandbox.Pages.Of(vendor)[0].Reverse())
                if (moved.Count < 30 && (await sandbox.Admin.PostAsync($"/sandbox/admin/orders/{id}/buyer-cancel", null, Ct)).IsSuccessStatusCode)
                    moved.Add(id);
        };
        IReadOnlyList<ChannelOrderRef> listed;
        try
        {
            listed = await channel.ListChangedOrdersAsync(account, DateTime.UtcNow.AddDays(-2), DateTime.UtcNow.AddMinutes(5), Ct);
        }
        finally
        {
            sandbox.Pages.AfterPage = null;
        }

        Assert.Equal(30, moved.Count);
        var found = listed.ToDictionary(r => r.OrderId);
        Assert.Empty(before.Except(found.Keys));
        // The moved orders are reported as they are now, not as the first page showed them.
        var now = (await sandbox.Json("/sandbox/admin/orders?vendor=Lazada")).EnumerateArray()
            .ToDictionary(o => o.GetProperty("order_id").GetString()!, o => o.GetProperty("updated").GetDateTime());
        Assert.All(moved, id => Assert.Equal(ToSecond(now[id]), found[id].UpdatedAt));
    }

    [Fact]
    public async Task Lazada_lists_more_orders_than_its_offset_cap_of_5000_reaches()
    {
        var (channel, account) = await Connect("Lazada");
        // Seconds apart, as a busy shop's orders would be: more than 5000 orders updated within one second cannot be paged at Lazada.
        for (var batch = 0; batch < 11; batch++)
        {
            await AddOrders("Lazada", 500);
            await sandbox.Admin.PostAsJsonAsync("/sandbox/admin/clock/advance", new { Minutes = 2 / 60.0 }, Ct);
        }
        var before = await OrderIds("Lazada");
        Assert.True(before.Count > 5100);

        var listed = await channel.ListChangedOrdersAsync(account, DateTime.UtcNow.AddDays(-2), DateTime.UtcNow.AddMinutes(5), Ct);

        Assert.Empty(before.Except(listed.Select(r => r.OrderId)));
    }

    private async Task AddOrders(string vendor, int count)
    {
        for (var added = 0; added < count; added += 500)
            (await sandbox.Admin.PostAsync($"/sandbox/admin/shops/{vendor}/{Shops[vendor].ShopId}/orders?count={Math.Min(500, count - added)}", null, Ct)).EnsureSuccessStatusCode();
    }

    private async Task<List<string>> OrderIds(string vendor) =>
        (await sandbox.Json($"/sandbox/admin/orders?vendor={vendor}")).EnumerateArray().Select(o => o.GetProperty("order_id").GetString()!).ToList();

    private static DateTime ToSecond(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
