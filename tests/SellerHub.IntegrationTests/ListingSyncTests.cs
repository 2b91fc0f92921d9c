using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>
/// Listings kept true after the first sync: the scheduled incremental sync reads what changed since the last one,
/// a marketplace's ban push brings it at once, and a full sync marks what the marketplace no longer lists.
/// </summary>
public abstract class ListingSyncTests(AppFixture fixture) : IAsyncLifetime
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private WebApplication sandbox = null!;
    private HttpClient admin = null!;

    public async ValueTask InitializeAsync()
    {
        (sandbox, var address) = await SellerHub.Sandbox.SandboxServer.StartAsync();
        admin = new HttpClient { BaseAddress = address };
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await sandbox.StopAsync();
        await sandbox.DisposeAsync();
    }

    private sealed record Setup(TestWorkspace W, HttpClient Api, Guid Shop);

    private async Task<Setup> ConnectedAndSynced(string channel, params string[] productSkus)
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = (await (await w.CreateWarehouseAsync(api, "HCM")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        foreach (var sku in productSkus) await api.PostAsJsonAsync("/api/v1/products", new { sku, name = sku }, Ct);
        object app = channel switch
        {
            "Shopee" => new { appKey = "2001887", secret = "shpk-sandbox-partner-key-0001", baseUrl = new Uri(admin.BaseAddress!, "/shopee").ToString() },
            "Lazada" => new { appKey = "100001", secret = "lzd-sandbox-app-secret-0001", baseUrl = new Uri(admin.BaseAddress!, "/lazada/rest").ToString(), authBaseUrl = new Uri(admin.BaseAddress!, "/lazada/auth").ToString() },
            _ => new { appKey = "6abc123sandbox", secret = "tts-sandbox-app-secret-0001", baseUrl = new Uri(admin.BaseAddress!, "/tiktok").ToString(), authBaseUrl = new Uri(admin.BaseAddress!, "/tiktok/auth").ToString(), serviceId = "7300000000000000001" },
        };
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/channel-apps/{channel}", app, Ct)).StatusCode);
        var shop = (await (await api.PostAsJsonAsync("/api/v1/shops", new { channel, name = channel, defaultWarehouseId = warehouse, isActive = true }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        var seller = await Browser.SignInAsync(App, w.OwnerEmail, TestApp.Password);
        var consent = await seller.GetAsync($"/channels/{channel}/connect?shop={shop}", Ct);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = (await browser.GetAsync(consent.Headers.Location, Ct)).Headers.Location!;
        await seller.GetAsync(callback.PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/shops/{shop}/listings/sync", null, Ct)).StatusCode);
        return new Setup(w, api, Guid.Parse(shop));
    }

    private async Task<JsonElement[]> Listings(Setup s) => (await s.Api.GetFromJsonAsync<JsonElement[]>($"/api/v1/listings?shop={s.Shop}", Ct))!;

    private static string Item(JsonElement listing) => listing.GetProperty("channelItemId").GetString()!;

    private Task RunScheduledSync() => App.As(null, null, async (db, sp) =>
    {
        await RunListingSyncsHandler.Handle(new RunListingSyncs(), db, sp.GetServices<ISalesChannel>(), sp.GetRequiredService<IDataProtectionProvider>(),
            sp.GetRequiredService<ILogger<RunListingSyncs>>(), Ct);
        return 0;
    });

    [Fact]
    public async Task The_scheduled_sync_reads_items_changed_since_the_last_sync_and_links_new_ones_like_the_full_sync()
    {
        var s = await ConnectedAndSynced("Shopee", "SRM-150", "NON-BAO-HIEM");
        var before = await Listings(s);
        var cleanser = before.Single(l => l.GetProperty("sellerSku").GetString() == "SRM-150");
        Assert.Equal("Linked", cleanser.GetProperty("linkState").GetString());
        var banned = before.First(l => l.GetProperty("isActive").GetBoolean() && Item(l) != Item(cleanser));
        var highWater = await App.As(s.W.Id, StaffRole.Owner, (db, _) => db.Listings.Where(l => l.ShopId == s.Shop).MaxAsync(l => l.SyncedAt, Ct));

        // On Shopee: the seller unlists the cleanser, Shopee bans another item, and a new helmet is listed.
        await admin.PutAsJsonAsync($"/sandbox/admin/items/{Item(cleanser)}/status", new { Status = "UNLIST" }, Ct);
        await admin.PutAsJsonAsync($"/sandbox/admin/items/{Item(banned)}/status", new { Status = "BANNED" }, Ct);
        var helmet = (await (await admin.PostAsJsonAsync("/sandbox/admin/shops/Shopee/200001/items", new { Name = "Nón bảo hiểm", Sku = "NON-BAO-HIEM", Stock = 4 }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("item_id").GetInt64().ToString();

        await RunScheduledSync();

        // It asked Shopee only for items updated since the last sync (less the overlap for the marketplace's clock).
        var asked = (await admin.GetFromJsonAsync<JsonElement[]>("/sandbox/recorded/calls?vendor=Shopee", Ct))!
            .Select(c => c.GetProperty("path").GetString()!).Last(p => p.Contains("/product/get_item_list"));
        var from = new DateTimeOffset(DateTime.SpecifyKind(highWater - SyncListings.Overlap, DateTimeKind.Utc)).ToUnixTimeSeconds();
        Assert.Contains($"update_time_from={from}", asked);

        var after = await Listings(s);
        var unlisted = after.Single(l => l.GetProperty("id").GetString() == cleanser.GetProperty("id").GetString());
        Assert.False(unlisted.GetProperty("isActive").GetBoolean());
        Assert.Equal("UNLIST", unlisted.GetProperty("channelStatus").GetString());
        Assert.Equal("Linked", unlisted.GetProperty("linkState").GetString()); // its link is kept for when it is listed again
        Assert.All(after.Where(l => Item(l) == Item(banned)), l =>
        {
            Assert.False(l.GetProperty("isActive").GetBoolean());
            Assert.Equal("BANNED", l.GetProperty("channelStatus").GetString());
        });
        var added = Assert.Single(after, l => Item(l) == helmet);
        Assert.True(added.GetProperty("isActive").GetBoolean());
        Assert.Equal("Linked", added.GetProperty("linkState").GetString());
        Assert.Equal(before.Length + 1, after.Length);
        var inactive = (await s.Api.GetFromJsonAsync<JsonElement[]>($"/api/v1/listings?shop={s.Shop}&status=inactive", Ct))!;
        Assert.Contains(inactive, l => l.GetProperty("id").GetString() == cleanser.GetProperty("id").GetString());

        // Stock arrives while it is off the channel: nothing is pushed to it (Shopee would refuse), it waits dirty.
        var product = (await s.Api.GetFromJsonAsync<JsonElement[]>("/api/v1/products?q=SRM-150", Ct))![0].GetProperty("id").GetString();
        var warehouse = (await s.Api.GetFromJsonAsync<JsonElement[]>("/api/v1/warehouses", Ct))![0].GetProperty("id").GetString();
        Assert.True((await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = product, warehouseId = warehouse, delta = 6, reason = "Nhập hàng" }, Ct)).IsSuccessStatusCode);
        var cleanserId = Guid.Parse(cleanser.GetProperty("id").GetString()!);
        var stillDirty = await App.As(s.W.Id, StaffRole.Owner, async (db, sp) =>
        {
            await PushShopStockHandler.Handle(new PushShopStock(s.W.Id, s.Shop), db, sp.GetServices<ISalesChannel>(), sp.GetRequiredService<IDataProtectionProvider>(),
                sp.GetRequiredService<Wolverine.IMessageBus>(), Ct);
            return await db.Listings.Where(l => l.Id == cleanserId).Select(l => l.PushDirty).SingleAsync(Ct);
        });
        Assert.True(stillDirty);
        Assert.DoesNotContain(await SandboxStock(Item(cleanser)), q => q == 6);

        // Listed again: the next run brings it back to Đang bán and pushes what it missed.
        await admin.PutAsJsonAsync($"/sandbox/admin/items/{Item(cleanser)}/status", new { Status = "NORMAL" }, Ct);
        await RunScheduledSync();
        var relisted = (await Listings(s)).Single(l => l.GetProperty("id").GetString() == cleanser.GetProperty("id").GetString());
        Assert.True(relisted.GetProperty("isActive").GetBoolean());
        Assert.Equal("NORMAL", relisted.GetProperty("channelStatus").GetString());
        await Eventually.Get(() => SandboxStock(Item(cleanser)), q => q.Contains(6), "the stock that arrived while it was unlisted");
    }

    private async Task<List<int>> SandboxStock(string itemId) =>
        (await admin.GetFromJsonAsync<JsonElement[]>("/sandbox/recorded/stock", Ct))!.Where(r => r.GetProperty("item_id").GetString() == itemId)
            .Select(r => r.GetProperty("stock").GetInt32()).ToList();

    [Fact]
    public async Task A_full_sync_marks_what_the_marketplace_no_longer_lists_as_ngung_ban()
    {
        var s = await ConnectedAndSynced("Lazada");
        var before = await Listings(s);
        var purged = before.Where(l => l.GetProperty("isActive").GetBoolean()).GroupBy(Item).First(g => g.Count() > 1);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/sandbox/admin/items/{purged.Key}", Ct)).StatusCode);

        var sync = await (await s.Api.PostAsync($"/api/v1/shops/{s.Shop}/listings/sync", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(purged.Count(), sync.GetProperty("gone").GetInt32());

        var after = await Listings(s);
        Assert.Equal(before.Length, after.Length); // kept, with their links and history
        Assert.All(after.Where(l => Item(l) == purged.Key), l =>
        {
            Assert.False(l.GetProperty("isActive").GetBoolean());
            Assert.Equal(Listing.NotReturned, l.GetProperty("channelStatus").GetString());
        });
        Assert.Equal(before.Count(l => l.GetProperty("isActive").GetBoolean()) - purged.Count(), after.Count(l => l.GetProperty("isActive").GetBoolean()));

        // A second full sync finds nothing new gone.
        var again = await (await s.Api.PostAsync($"/api/v1/shops/{s.Shop}/listings/sync", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(0, again.GetProperty("gone").GetInt32());
    }

    [Fact]
    public async Task A_variant_removed_on_the_marketplace_is_marked_ngung_ban_by_the_scheduled_sync_and_its_siblings_stay()
    {
        var s = await ConnectedAndSynced("TikTokShop");
        var item = (await Listings(s)).Where(l => l.GetProperty("isActive").GetBoolean()).GroupBy(Item).First(g => g.Count() > 1).ToList();
        var removed = item[0].GetProperty("channelModelId").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/sandbox/admin/items/{Item(item[0])}/models/{removed}", Ct)).StatusCode);

        await RunScheduledSync();

        var after = (await Listings(s)).Where(l => Item(l) == Item(item[0])).ToList();
        Assert.Equal(item.Count, after.Count);
        var gone = after.Single(l => l.GetProperty("channelModelId").GetString() == removed);
        Assert.False(gone.GetProperty("isActive").GetBoolean());
        Assert.Equal(Listing.NotReturned, gone.GetProperty("channelStatus").GetString());
        Assert.All(after.Where(l => l.GetProperty("channelModelId").GetString() != removed), l =>
        {
            Assert.True(l.GetProperty("isActive").GetBoolean());
            Assert.Equal("ACTIVATE", l.GetProperty("channelStatus").GetString());
        });
    }

    [Theory]
    [InlineData("Shopee", "200001", "BANNED")]
    [InlineData("TikTokShop", "7000001", "PLATFORM_DEACTIVATED")]
    public async Task A_ban_pushed_by_the_marketplace_shows_ngung_ban_without_waiting_for_the_schedule(string channel, string marketplaceShopId, string bannedStatus)
    {
        var s = await ConnectedAndSynced(channel);
        // Earlier tests connected the same sandbox shop in their workspaces; a push for a shop connected twice goes to no one.
        await App.As(null, null, (db, _) => db.Shops.IgnoreQueryFilters().Where(x => x.WorkspaceId != s.W.Id && x.MarketplaceShopId == marketplaceShopId)
            .ExecuteUpdateAsync(x => x.SetProperty(y => y.Connection, ShopConnection.NotConnected), Ct));
        var vendor = channel == "TikTokShop" ? "TikTok" : channel;
        var hook = new Uri(App.BaseAddress, channel == "TikTokShop" ? "/webhooks/tiktok" : "/webhooks/shopee").ToString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("/sandbox/admin/webhooks", new { Vendor = vendor, Url = hook }, Ct)).StatusCode);

        var target = (await Listings(s)).First(l => l.GetProperty("isActive").GetBoolean());
        await admin.PutAsJsonAsync($"/sandbox/admin/items/{Item(target)}/status", new { Status = "BANNED" }, Ct);

        var shown = await Eventually.Get(() => Listings(s), all => all.Where(l => Item(l) == Item(target)).All(l => !l.GetProperty("isActive").GetBoolean()),
            "the pushed ban to reach the listing");
        Assert.All(shown.Where(l => Item(l) == Item(target)), l => Assert.Equal(bannedStatus, l.GetProperty("channelStatus").GetString()));
        var handled = await App.As(null, null, (db, _) => db.WebhookEvents.Where(e => e.Source == channel && e.ExternalShopId == marketplaceShopId && e.ProcessedAt != null).ToListAsync(Ct));
        Assert.Contains(handled, e => e.Body.Contains(Item(target)));
    }
}

public sealed class ListingSyncTestsOnSqlite(SqliteApp app) : ListingSyncTests(app), IClassFixture<SqliteApp>;

public sealed class ListingSyncTestsOnPostgres(PostgresApp app) : ListingSyncTests(app), IClassFixture<PostgresApp>;
