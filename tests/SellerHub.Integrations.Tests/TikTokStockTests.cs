using SellerHub.Channels;
using SellerHub.Integrations.TikTokShop;

namespace SellerHub.Integrations.Tests;

/// <summary>TikTok sets stock per warehouse: the adapter names the shop's sales warehouse, which it asks TikTok for once.</summary>
public sealed class TikTokStockTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stock_is_set_in_the_shops_sales_warehouse_which_is_looked_up_once()
    {
        var tiktok = sandbox.Get<TikTokShopChannel>();
        var account = await sandbox.ConnectTikTok();
        var listings = (await tiktok.ListListingsAsync(account, null, Ct)).Where(l => l.IsActive).Take(3).ToList();
        var lookupsBefore = await WarehouseLookups();

        // The sandbox refuses any warehouse but the shop's sales warehouse (an empty one too), as TikTok does.
        var first = await tiktok.PushStockAsync(account, listings.Select((l, i) => new StockPush(l.ListingId, l.ModelId, 5 + i)).ToList(), Ct);
        var second = await tiktok.PushStockAsync(account, [new StockPush(listings[0].ListingId, listings[0].ModelId, 2)], Ct);

        Assert.All(first.Concat(second), r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(1, await WarehouseLookups() - lookupsBefore);
        var recorded = (await sandbox.Json("/sandbox/recorded/stock")).EnumerateArray().Where(s => s.GetProperty("vendor").GetString() == "TikTok")
            .ToDictionary(s => s.GetProperty("model_id").GetString()!, s => s.GetProperty("stock").GetInt32());
        Assert.Equal(2, recorded[listings[0].ModelId!]);
        Assert.Equal(6, recorded[listings[1].ModelId!]);
        Assert.Equal(7, recorded[listings[2].ModelId!]);
    }

    private async Task<int> WarehouseLookups() =>
        (await sandbox.Json("/sandbox/recorded/calls?vendor=TikTok")).EnumerateArray().Count(c => c.GetProperty("path").GetString()!.StartsWith("/tiktok/logistics/202309/warehouses"));
}
