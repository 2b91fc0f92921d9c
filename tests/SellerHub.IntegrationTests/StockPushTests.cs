using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>Listings synced and linked from a real (sandbox) Shopee shop; stock pushed, retried and repaired.</summary>
public abstract class StockPushTests(AppFixture fixture) : IAsyncLifetime
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private WebApplication sandbox = null!;
    private HttpClient admin = null!;

    public async ValueTask InitializeAsync()
    {
        ListingPush.RetryAfter = TimeSpan.FromSeconds(1);
        (sandbox, var address) = await SellerHub.Sandbox.SandboxServer.StartAsync();
        admin = new HttpClient { BaseAddress = address };
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await sandbox.StopAsync();
        await sandbox.DisposeAsync();
    }

    private sealed record Setup(TestWorkspace W, HttpClient Api, Guid Shop, Guid Product, Guid Warehouse, long ItemId);

    private async Task<Setup> ConnectedShopWith40Variants()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = (await (await w.CreateWarehouseAsync(api, "HCM")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var product = (await (await api.PostAsJsonAsync("/api/v1/products", new { sku = "GIAY-SNEAKER", name = "Giày sneaker" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await api.PostAsJsonAsync("/api/v1/products", new { sku = "KCN-50", name = "Kem chống nắng" }, Ct);
        await api.PostAsJsonAsync("/api/v1/products", new { sku = "SRM-150", name = "Sữa rửa mặt" }, Ct);
        await api.PostAsJsonAsync("/api/v1/products", new { sku = "SRM_150", name = "Sữa rửa mặt (mã cũ)" }, Ct);
        await api.PutAsJsonAsync("/api/v1/channel-apps/Shopee", new { appKey = "2001887", secret = "shpk-sandbox-partner-key-0001", baseUrl = new Uri(admin.BaseAddress!, "/shopee").ToString() }, Ct);
        var shop = (await (await api.PostAsJsonAsync("/api/v1/shops", new { channel = "Shopee", name = "Shopee", defaultWarehouseId = warehouse, isActive = true }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        var item = await (await admin.PostAsJsonAsync("/sandbox/admin/shops/Shopee/200001/items", new { Name = "Giày sneaker", Sku = "SNK", Models = 40 }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var seller = await Browser.SignInAsync(App, w.OwnerEmail, TestApp.Password);
        var consent = await seller.GetAsync($"/channels/Shopee/connect?shop={shop}", Ct);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = (await browser.GetAsync(consent.Headers.Location, Ct)).Headers.Location!;
        await seller.GetAsync(callback.PathAndQuery, Ct);
        return new Setup(w, api, Guid.Parse(shop), Guid.Parse(product), Guid.Parse(warehouse), item.GetProperty("item_id").GetInt64());
    }

    private async Task<Dictionary<string, int>> SandboxStock(long itemId) =>
        (await admin.GetFromJsonAsync<JsonElement[]>("/sandbox/recorded/stock", Ct))!.Where(s => s.GetProperty("item_id").GetString() == itemId.ToString())
            .ToDictionary(s => s.GetProperty("model_id").GetString()!, s => s.GetProperty("stock").GetInt32());

    private async Task<int> UpdateStockCalls() =>
        (await admin.GetFromJsonAsync<JsonElement[]>("/sandbox/recorded/calls?vendor=Shopee", Ct))!.Count(c => c.GetProperty("path").GetString()!.Contains("/product/update_stock"));

    private Task<int> Dirty(Setup s) => App.As(s.W.Id, StaffRole.Owner, (db, _) => db.Listings.CountAsync(l => l.ShopId == s.Shop && l.PushDirty, Ct));

    private async Task<List<JsonElement>> SyncAndLink(Setup s)
    {
        var sync = await (await s.Api.PostAsync($"/api/v1/shops/{s.Shop}/listings/sync", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(sync.GetProperty("listings").GetInt32() >= 52);
        var listings = (await s.Api.GetFromJsonAsync<JsonElement[]>($"/api/v1/listings?shop={s.Shop}", Ct))!;
        var sneakers = listings.Where(l => l.GetProperty("channelItemId").GetString() == s.ItemId.ToString()).ToList();
        Assert.Equal(40, sneakers.Count);
        foreach (var listing in sneakers)
            Assert.Equal(HttpStatusCode.OK, (await s.Api.PostAsJsonAsync($"/api/v1/listings/{listing.GetProperty("id").GetString()}/links",
                new { products = new[] { new { productId = s.Product, quantity = 1 } } }, Ct)).StatusCode);
        await Eventually.Get(() => Dirty(s), n => n == 0, "the link pushes to settle");
        return sneakers;
    }

    [Fact]
    public async Task Auto_link_takes_the_exact_sku_and_explains_the_rest()
    {
        var s = await ConnectedShopWith40Variants();
        await s.Api.PostAsync($"/api/v1/shops/{s.Shop}/listings/sync", null, Ct);
        var listings = (await s.Api.GetFromJsonAsync<JsonElement[]>($"/api/v1/listings?shop={s.Shop}", Ct))!;

        var sunscreen = listings.Single(l => l.GetProperty("sellerSku").GetString() == "KCN-50");
        Assert.Equal("Linked", sunscreen.GetProperty("linkState").GetString());
        var cleanser = listings.Single(l => l.GetProperty("sellerSku").GetString() == "SRM-150");
        Assert.Equal("Unlinked", cleanser.GetProperty("linkState").GetString());
        Assert.Contains("SRM_150", cleanser.GetProperty("unlinkedReason").GetString());
        var noSku = listings.First(l => l.GetProperty("sellerSku").ValueKind == JsonValueKind.Null);
        Assert.Contains("không có SKU", noSku.GetProperty("unlinkedReason").GetString());

        var unlinked = (await s.Api.GetFromJsonAsync<JsonElement[]>($"/api/v1/listings?shop={s.Shop}&linked=false", Ct))!;
        Assert.DoesNotContain(unlinked, l => l.GetProperty("sellerSku").GetString() == "KCN-50");
        var inactive = (await s.Api.GetFromJsonAsync<JsonElement[]>($"/api/v1/listings?shop={s.Shop}&status=inactive", Ct))!;
        Assert.Contains(inactive, l => l.GetProperty("channelStatus").GetString() == "BANNED");
    }

    [Fact]
    public async Task A_stock_change_reaches_every_linked_listing_in_one_batched_call_and_failures_are_retried()
    {
        var s = await ConnectedShopWith40Variants();
        await SyncAndLink(s);

        var before = await UpdateStockCalls();
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = s.Warehouse, delta = 9, reason = "Nhập hàng" }, Ct);
        var shown = await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Count == 40 && st.Values.All(q => q == 9), "the sandbox to show 9 on all 40 models");
        Assert.Equal(40, shown.Count);
        Assert.Equal(1, await UpdateStockCalls() - before); // 40 models of one item: one call of ≤ 50

        // The marketplace fails; the push is logged, kept dirty and retried until it lands.
        await admin.PutAsJsonAsync("/sandbox/admin/faults/Shopee", new { ServerErrors = 1.0 }, Ct);
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = s.Warehouse, delta = 3, reason = "Nhập thêm" }, Ct);
        await Eventually.Get(() => s.Api.GetFromJsonAsync<JsonElement[]>("/api/v1/stock/push-log", Ct), log => log!.Any(e => !e.GetProperty("succeeded").GetBoolean()), "a failed push to be logged");
        await admin.PutAsJsonAsync("/sandbox/admin/faults/Shopee", new { }, Ct);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Values.All(q => q == 12), "the retried push to land");
        Assert.Equal(0, await Eventually.Get(() => Dirty(s), n => n == 0, "the pushed listings to be clean"));
    }

    [Fact]
    public async Task The_shops_push_ratio_and_a_listings_cap_shape_what_the_channel_shows()
    {
        var s = await ConnectedShopWith40Variants();
        var sneakers = await SyncAndLink(s);
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = s.Warehouse, delta = 9, reason = "Nhập hàng" }, Ct);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Count == 40 && st.Values.All(q => q == 9), "the first push");

        var shop = await s.Api.GetFromJsonAsync<JsonElement>($"/api/v1/shops/{s.Shop}", Ct);
        var ratio = await s.Api.PutAsJsonAsync($"/api/v1/shops/{s.Shop}", new
        {
            channel = "Shopee", name = shop.GetProperty("name").GetString(), marketplaceShopId = shop.GetProperty("marketplaceShopId").GetString(),
            defaultWarehouseId = s.Warehouse, isActive = true, pushRatio = 0.5,
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, ratio.StatusCode);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Values.All(q => q == 4), "50 % of 9, rounded down");

        var capped = sneakers[0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await s.Api.PutAsJsonAsync($"/api/v1/listings/{capped}/cap", new { cap = 2 }, Ct)).StatusCode);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st[sneakers[0].GetProperty("channelModelId").GetString()!] == 2, "the cap");
        Assert.Equal(39, (await SandboxStock(s.ItemId)).Values.Count(q => q == 4));

        // This shop holds 3 back for itself: floor((9 − 3) × 50 %) = 3.
        Assert.Equal(HttpStatusCode.NoContent, (await s.Api.PutAsJsonAsync($"/api/v1/shops/{s.Shop}/buffers/{s.Product}", new { bufferStock = 3 }, Ct)).StatusCode);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Values.Count(q => q == 3) == 39, "the shop's own buffer");
    }

    [Fact]
    public async Task A_combo_listing_shows_what_its_scarcest_component_allows()
    {
        var s = await ConnectedShopWith40Variants();
        var sneakers = await SyncAndLink(s);
        var combo = (await (await s.Api.PostAsJsonAsync("/api/v1/products", new { sku = "COMBO-2-DOI", name = "Combo 2 đôi", components = new[] { new { productId = s.Product, quantity = 2 } } }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var comboListing = sneakers[0];
        await s.Api.PostAsJsonAsync($"/api/v1/listings/{comboListing.GetProperty("id").GetString()}/links", new { products = new[] { new { productId = combo, quantity = 1 } } }, Ct);

        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = s.Warehouse, delta = 9, reason = "Nhập hàng" }, Ct);
        var model = comboListing.GetProperty("channelModelId").GetString()!;
        var shown = await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Count == 40 && st[model] == 4 && st.Count(x => x.Value == 9) == 39, "combo = floor(9 / 2)");
        Assert.Equal(4, shown[model]);

        // Linking is on the settings trail: who linked the listing to what.
        var trail = (await s.Api.GetFromJsonAsync<JsonElement[]>("/api/v1/audit?entityType=Listing&pageSize=200", Ct))!;
        Assert.Contains(trail, e => e.GetProperty("changes").EnumerateArray().Any(c =>
            c.GetProperty("field").GetString() == "LinkSummary" && c.GetProperty("after").GetString() == "COMBO-2-DOI×1"));
    }

    [Fact]
    public async Task The_drift_check_repairs_stock_changed_behind_sellerhubs_back()
    {
        var s = await ConnectedShopWith40Variants();
        var sneakers = await SyncAndLink(s);
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = s.Warehouse, delta = 5, reason = "Nhập hàng" }, Ct);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Count == 40 && st.Values.All(q => q == 5), "the first push");
        await Eventually.Get(() => Dirty(s), n => n == 0, "the push to finish");

        // Someone edits the stock in Shopee's seller centre.
        var model = sneakers[0].GetProperty("channelModelId").GetString()!;
        await App.As(s.W.Id, StaffRole.Owner, async (db, sp) =>
        {
            var shop = await db.Shops.SingleAsync(x => x.Id == s.Shop, Ct);
            var protection = sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();
            var app = SaveChannelApp.ToApp(await db.ChannelApps.SingleAsync(a => a.Channel == ChannelType.Shopee, Ct), protection);
            var account = ConnectShop.Account(shop, app, protection, db);
            return await sp.GetRequiredService<SellerHub.Integrations.Shopee.ShopeeChannel>().PushStockAsync(account, [new StockPush(s.ItemId.ToString(), model, 99)], Ct);
        });
        Assert.Equal(99, (await SandboxStock(s.ItemId))[model]);

        var check = await (await s.Api.PostAsync($"/api/v1/shops/{s.Shop}/stock/drift-check", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, check.GetProperty("drifted").GetInt32());
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st[model] == 5, "the drift to be repaired");

        // The periodic check (what the 30-minute schedule sends) finds and repairs it by itself.
        await App.As(s.W.Id, StaffRole.Owner, async (db, sp) =>
        {
            var shop = await db.Shops.SingleAsync(x => x.Id == s.Shop, Ct);
            var protection = sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();
            var app = SaveChannelApp.ToApp(await db.ChannelApps.SingleAsync(a => a.Channel == ChannelType.Shopee, Ct), protection);
            return await sp.GetRequiredService<SellerHub.Integrations.Shopee.ShopeeChannel>()
                .PushStockAsync(ConnectShop.Account(shop, app, protection, db), [new StockPush(s.ItemId.ToString(), model, 77)], Ct);
        });
        await App.As(null, null, async (db, _) =>
        {
            await db.PublishAsync(new RunStockChecks());
            return await db.SaveChangesAsync(Ct);
        });
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st[model] == 5, "the scheduled check to repair it");
    }
}

public sealed class StockPushTestsOnSqlite(SqliteApp app) : StockPushTests(app), IClassFixture<SqliteApp>;

public sealed class StockPushTestsOnPostgres(PostgresApp app) : StockPushTests(app), IClassFixture<PostgresApp>;
