using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using SellerHub.Channels;
using SellerHub.Orders;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>A seller connects a shop of each marketplace through the real redirect flow, against the sandbox.</summary>
public abstract class ShopConnectionTests(AppFixture fixture) : IAsyncLifetime
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private WebApplication sandbox = null!;
    private Uri sandboxBase = null!;

    public async ValueTask InitializeAsync() => (sandbox, sandboxBase) = await SellerHub.Sandbox.SandboxServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await sandbox.StopAsync();
        await sandbox.DisposeAsync();
    }

    private static object AppOf(string channel, Uri sandboxBase) => channel switch
    {
        "Shopee" => new { appKey = "2001887", secret = "shpk-sandbox-partner-key-0001", baseUrl = new Uri(sandboxBase, "/shopee").ToString() },
        "Lazada" => new { appKey = "100001", secret = "lzd-sandbox-app-secret-0001", baseUrl = new Uri(sandboxBase, "/lazada/rest").ToString(), authBaseUrl = new Uri(sandboxBase, "/lazada/auth").ToString() },
        _ => new { appKey = "6abc123sandbox", secret = "tts-sandbox-app-secret-0001", baseUrl = new Uri(sandboxBase, "/tiktok").ToString(), authBaseUrl = new Uri(sandboxBase, "/tiktok/auth").ToString(), serviceId = "7300000000000000001" },
    };

    /// <summary>The channel's app pointed at the sandbox, a shop, and the seller's trip through the consent page; returns the shop and the callback used.</summary>
    private async Task<(Guid Shop, Uri Callback)> Connect(TestWorkspace w, HttpClient api, string channel, string? warehouse = null)
    {
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/channel-apps/{channel}", AppOf(channel, sandboxBase), Ct)).StatusCode);
        var shop = await (await api.PostAsJsonAsync("/api/v1/shops", new { channel, name = channel + " shop", defaultWarehouseId = warehouse, isActive = warehouse is not null }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var shopId = Guid.Parse(shop.GetProperty("id").GetString()!);

        var seller = await Browser.SignInAsync(App, w.OwnerEmail, TestApp.Password);
        var toMarketplace = await seller.GetAsync($"/channels/{channel}/connect?shop={shopId}", Ct);
        Assert.Equal(HttpStatusCode.Redirect, toMarketplace.StatusCode);
        Assert.StartsWith(sandboxBase.ToString(), toMarketplace.Headers.Location!.ToString());

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var consent = await browser.GetAsync(toMarketplace.Headers.Location, Ct);
        var callback = consent.Headers.Location!;
        Assert.StartsWith(new Uri(App.BaseAddress, $"/channels/{channel}/callback").ToString(), callback.ToString());

        var done = await seller.GetAsync(callback.PathAndQuery, Ct);
        Assert.Equal($"/shops?connected={shopId}", done.Headers.Location!.ToString());
        return (shopId, callback);
    }

    [Theory]
    [InlineData("Shopee", "200001")]
    [InlineData("Lazada", "300001")]
    [InlineData("TikTokShop", "7000001")]
    public async Task A_shop_is_connected_through_the_marketplaces_consent_page(string channel, string marketplaceShopId)
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var (shopId, callback) = await Connect(w, api, channel);

        // The full listing sync on connect runs in the background: the shop's twelve seeded listings (and their variants) arrive.
        var listings = await Eventually.Get(() => api.GetFromJsonAsync<JsonElement[]>($"/api/v1/listings?shop={shopId}", Ct), ls => ls!.Length >= 12, "the connect-time listing sync");
        Assert.Contains(listings!, l => l.GetProperty("sellerSku").GetString() == "COMBO-3-TAT");

        var connected = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Shops.SingleAsync(s => s.Id == shopId, Ct));
        Assert.Equal(ShopConnection.Connected, connected.Connection);
        Assert.Equal(marketplaceShopId, connected.MarketplaceShopId);
        Assert.True(connected.TokenExpiresAt > DateTime.UtcNow.AddHours(3));
        Assert.NotNull(connected.ProtectedTokens);
        Assert.DoesNotContain("access_token", connected.ProtectedTokens);

        // Calls made as the shop are journaled for its sync log, without tokens.
        var (channelName, adapter) = channel switch
        {
            "Shopee" => ("Shopee", (ISalesChannel)App.Services.GetRequiredService<SellerHub.Integrations.Shopee.ShopeeChannel>()),
            "Lazada" => ("Lazada", App.Services.GetRequiredService<SellerHub.Integrations.Lazada.LazadaChannel>()),
            _ => ("TikTokShop", App.Services.GetRequiredService<SellerHub.Integrations.TikTokShop.TikTokShopChannel>()),
        };
        var refs = await App.As(w.Id, StaffRole.Owner, async (db, sp) =>
        {
            var protection = sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();
            var setting = await db.ChannelApps.SingleAsync(a => a.Channel == connected.Channel, Ct);
            var account = ConnectShop.Account(connected, SaveChannelApp.ToApp(setting, protection), protection, db);
            return await adapter.ListChangedOrdersAsync(account, DateTime.UtcNow.AddDays(-1), DateTime.UtcNow.AddMinutes(1), Ct);
        });
        Assert.NotEmpty(refs);
        var journaled = await Eventually.Get(() => App.As(null, null, (db, _) => db.VendorCalls.Where(c => c.ShopId == shopId).ToListAsync(Ct)),
            calls => calls.Count > 0, "the calls to be journaled");
        Assert.All(journaled, c => Assert.Equal(channelName, c.Vendor));
        Assert.All(journaled, c => Assert.DoesNotContain("token", c.Endpoint));
        Assert.Contains(journaled, c => c.Outcome == "200");

        // "Kiểm tra kết nối": works now; after the seller revokes the app, the shop asks to be reconnected.
        var check = await (await api.PostAsync($"/api/v1/shops/{shopId}/check", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(check.GetProperty("connected").GetBoolean());
        using var admin = new HttpClient { BaseAddress = sandboxBase };
        await admin.PostAsync($"/sandbox/admin/shops/{(channel == "TikTokShop" ? "TikTok" : channel)}/{marketplaceShopId}/revoke", null, Ct);
        var revoked = await (await api.PostAsync($"/api/v1/shops/{shopId}/check", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(revoked.GetProperty("connected").GetBoolean());
        var health = await api.GetFromJsonAsync<JsonElement>($"/api/v1/shops/{shopId}", Ct);
        Assert.Equal("NeedsReauthorisation", health.GetProperty("connection").GetString());
        Assert.False(string.IsNullOrEmpty(health.GetProperty("lastError").GetString()));

        // The callback cannot be replayed by someone of another workspace.
        var other = await App.NewWorkspaceAsync();
        var intruder = await Browser.SignInAsync(App, other.OwnerEmail, TestApp.Password);
        Assert.Equal("/shops?error=state", (await intruder.GetAsync(callback.PathAndQuery, Ct)).Headers.Location!.ToString());
    }

    private async Task<JsonElement> ShopOf(HttpClient api, Guid shop) =>
        (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/shops", Ct))!.Single(s => s.GetProperty("id").GetString() == shop.ToString());

    [Fact]
    public async Task A_lapsing_or_lost_authorisation_is_a_warning_the_api_shows_whichever_path_meets_it()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = (await (await w.CreateWarehouseAsync(api, "HCM")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var (shopee, _) = await Connect(w, api, "Shopee", warehouse);
        var (lazada, _) = await Connect(w, api, "Lazada", warehouse);
        var (tiktok, _) = await Connect(w, api, "TikTokShop", warehouse);
        Assert.Equal(JsonValueKind.Null, (await ShopOf(api, shopee)).GetProperty("warning").ValueKind);
        Assert.Empty((await api.GetFromJsonAsync<JsonElement[]>("/api/v1/shops?attention=true", Ct))!);

        // TikTok's authorisation lapses in 3 days: a warning, while the shop still works.
        await App.As(w.Id, StaffRole.Owner, (db, _) => db.Shops.Where(s => s.Id == tiktok)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RefreshTokenExpiresAt, DateTime.UtcNow.AddDays(3)), Ct));
        var lapsing = await ShopOf(api, tiktok);
        Assert.Equal("AuthorisationExpiring", lapsing.GetProperty("warning").GetString());
        Assert.Equal("Connected", lapsing.GetProperty("connection").GetString());

        // The seller revokes the Shopee app; the scheduled pull meets it and marks the shop. Lazada still pulls.
        using var admin = new HttpClient { BaseAddress = sandboxBase };
        (await admin.PostAsync("/sandbox/admin/shops/Shopee/200001/revoke", null, Ct)).EnsureSuccessStatusCode();
        var lazadaPulledBefore = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Shops.Where(s => s.Id == lazada).Select(s => s.LastOrderPullAt).SingleAsync(Ct));
        await App.As(null, null, async (db, sp) =>
        {
            await RunOrderPullsHandler.Handle(new RunOrderPulls(), db, sp.GetServices<ISalesChannel>(), sp.GetRequiredService<IDataProtectionProvider>(),
                sp.GetRequiredService<ILogger<RunOrderPulls>>(), Ct);
            return 0;
        });
        var lost = await ShopOf(api, shopee);
        Assert.Equal("NeedsReauthorisation", lost.GetProperty("connection").GetString());
        Assert.Equal("NeedsReauthorisation", lost.GetProperty("warning").GetString());
        Assert.False(string.IsNullOrEmpty(lost.GetProperty("lastError").GetString()));
        var stillFine = await ShopOf(api, lazada);
        Assert.Equal("Connected", stillFine.GetProperty("connection").GetString());
        var lazadaPulled = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Shops.Where(s => s.Id == lazada).Select(s => s.LastOrderPullAt).SingleAsync(Ct));
        Assert.True(lazadaPulled > lazadaPulledBefore || lazadaPulledBefore is null && lazadaPulled is not null, "the scheduled pull went on to Lazada");
        var attention = (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/shops?attention=true", Ct))!.Select(s => s.GetProperty("id").GetString()!).Order().ToList();
        Assert.Equal(new[] { shopee.ToString(), tiktok.ToString() }.Order().ToList(), attention);

        // Lazada is revoked too; a push about one of its orders fetches it, meets the revoked token and marks the shop.
        (await admin.PostAsync("/sandbox/admin/shops/Lazada/300001/revoke", null, Ct)).EnsureSuccessStatusCode();
        var push = await App.As(null, null, async (db, _) =>
        {
            var e = new WebhookEvent
            {
                Source = "Lazada", DedupKey = Guid.NewGuid().ToString("N"), WorkspaceId = w.Id, ExternalShopId = "300001",
                Body = JsonSerializer.Serialize(new { seller_id = "300001", message_type = 0, data = new { trade_order_id = "1", order_status = "pending" } }),
            };
            db.WebhookEvents.Add(e);
            await db.SaveChangesAsync(Ct);
            return e.Id;
        });
        await Assert.ThrowsAsync<ChannelException>(() => App.As(null, null, async (db, sp) =>
        {
            await WebhookReceivedHandler.Handle(new WebhookReceived(push, "Lazada"), db, sp.GetServices<ISalesChannel>(), sp.GetRequiredService<IDataProtectionProvider>(), Ct);
            return 0;
        }));
        var lazadaLost = await ShopOf(api, lazada);
        Assert.Equal("NeedsReauthorisation", lazadaLost.GetProperty("warning").GetString());
        Assert.False(string.IsNullOrEmpty(lazadaLost.GetProperty("lastError").GetString()));
    }
}

public sealed class ShopConnectionTestsOnSqlite(SqliteApp app) : ShopConnectionTests(app), IClassFixture<SqliteApp>;

public sealed class ShopConnectionTestsOnPostgres(PostgresApp app) : ShopConnectionTests(app), IClassFixture<PostgresApp>;
