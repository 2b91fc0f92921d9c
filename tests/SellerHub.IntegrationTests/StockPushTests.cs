using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Workspaces;
using Microsoft.Extensions.Logging;

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

    /// <summary>The periodic check's work for this test's workspace, driven directly (the schedule runs it for every workspace).</summary>
    private Task CheckWorkspace(Setup s) => App.As(s.W.Id, StaffRole.Owner, async (db, sp) =>
    {
        await RunStockChecksHandler.CheckWorkspaceAsync(db, sp.GetServices<ISalesChannel>(), sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(),
            sp.GetRequiredService<ILogger<RunStockChecks>>(), Ct);
        return 0;
    });

    private Task<JsonElement> Product(Setup s) => s.Api.GetFromJsonAsync<JsonElement>($"/api/v1/products/{s.Product}", Ct);

    private Task<HttpResponseMessage> SaveSneaker(Setup s, int buffer, int supplementary = 0, DateTime? until = null) =>
        s.Api.PutAsJsonAsync($"/api/v1/products/{s.Product}", new { sku = "GIAY-SNEAKER", name = "Giày sneaker", bufferStock = buffer, supplementaryStock = supplementary, supplementaryUntil = until }, Ct);

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
    public async Task A_stock_change_of_a_product_on_three_marketplaces_sends_one_batched_call_per_shop_and_every_listing_shows_it()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = (await (await w.CreateWarehouseAsync(api, "HCM")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var product = (await (await api.PostAsJsonAsync("/api/v1/products", new { sku = "AO-KHOAC", name = "Áo khoác" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var seller = await Browser.SignInAsync(App, w.OwnerEmail, TestApp.Password);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var marketplaces = new (string Channel, string Vendor, long ShopId, string PushPath, object App)[]
        {
            ("Shopee", "Shopee", 200001, "/product/update_stock", new { appKey = "2001887", secret = "shpk-sandbox-partner-key-0001", baseUrl = new Uri(admin.BaseAddress!, "/shopee").ToString() }),
            ("Lazada", "Lazada", 300001, "/product/stock/sellable/update", new { appKey = "100001", secret = "lzd-sandbox-app-secret-0001",
                baseUrl = new Uri(admin.BaseAddress!, "/lazada/rest").ToString(), authBaseUrl = new Uri(admin.BaseAddress!, "/lazada/auth").ToString() }),
            ("TikTokShop", "TikTok", 7000001, "/inventory/update", new { appKey = "6abc123sandbox", secret = "tts-sandbox-app-secret-0001",
                baseUrl = new Uri(admin.BaseAddress!, "/tiktok").ToString(), authBaseUrl = new Uri(admin.BaseAddress!, "/tiktok/auth").ToString(), serviceId = "7300000000000000001" }),
        };
        var shops = new List<(string Vendor, Guid Shop, string ItemId, string PushPath)>();
        foreach (var m in marketplaces)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/channel-apps/{m.Channel}", m.App, Ct)).StatusCode);
            var shop = Guid.Parse((await (await api.PostAsJsonAsync("/api/v1/shops", new { channel = m.Channel, name = m.Channel, defaultWarehouseId = warehouse, isActive = true }, Ct))
                .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!);
            var item = await (await admin.PostAsJsonAsync($"/sandbox/admin/shops/{m.Vendor}/{m.ShopId}/items", new { Name = "Áo khoác", Sku = "AK", Models = 40 }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            var consent = await seller.GetAsync($"/channels/{m.Channel}/connect?shop={shop}", Ct);
            var callback = (await browser.GetAsync(consent.Headers.Location, Ct)).Headers.Location!;
            Assert.Equal($"/shops?connected={shop}", (await seller.GetAsync(callback.PathAndQuery, Ct)).Headers.Location!.ToString());
            shops.Add((m.Vendor, shop, item.GetProperty("item_id").GetInt64().ToString(), m.PushPath));
        }

        foreach (var (_, shop, itemId, _) in shops)
        {
            // Connecting synced the shop's listings in the background.
            var listings = await Eventually.Get(async () => (await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/listings?shop={shop}", Ct))!
                .Where(l => l.GetProperty("channelItemId").GetString() == itemId).ToList(), ls => ls.Count == 40, "the connect-time sync");
            foreach (var listing in listings)
                Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/v1/listings/{listing.GetProperty("id").GetString()}/links",
                    new { products = new[] { new { productId = product, quantity = 1 } } }, Ct)).StatusCode);
        }
        var shopIds = shops.Select(x => x.Shop).ToList();
        await Eventually.Get(() => App.As(w.Id, StaffRole.Owner, (db, _) => db.Listings.CountAsync(l => shopIds.Contains(l.ShopId) && l.PushDirty, Ct)), n => n == 0, "the link pushes to settle");

        async Task<int> PushCalls(string vendor, string path) =>
            (await admin.GetFromJsonAsync<JsonElement[]>($"/sandbox/recorded/calls?vendor={vendor}", Ct))!.Count(c => c.GetProperty("path").GetString()!.Contains(path));
        var before = new Dictionary<string, int>();
        foreach (var (vendor, _, _, path) in shops) before[vendor] = await PushCalls(vendor, path);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = product, warehouseId = warehouse, delta = 7, reason = "Nhập hàng" }, Ct)).StatusCode);
        var items = shops.Select(x => (x.Vendor, x.ItemId)).ToHashSet();
        var shown = await Eventually.Get(async () => (await admin.GetFromJsonAsync<JsonElement[]>("/sandbox/recorded/stock", Ct))!
                .Where(st => items.Contains((st.GetProperty("vendor").GetString()!, st.GetProperty("item_id").GetString()!))).ToList(),
            st => st.Count == 120 && st.All(x => x.GetProperty("stock").GetInt32() == 7), "all 120 listings to show 7");
        foreach (var (vendor, _, _, _) in shops) Assert.Equal(40, shown.Count(x => x.GetProperty("vendor").GetString() == vendor));
        await Eventually.Get(() => App.As(w.Id, StaffRole.Owner, (db, _) => db.Listings.CountAsync(l => shopIds.Contains(l.ShopId) && l.PushDirty, Ct)), n => n == 0, "the pushes to finish");

        // 40 variants of one product are one call on each marketplace (Shopee ≤ 50 per item, Lazada ≤ 50 SKUs, TikTok one call per product).
        foreach (var (vendor, _, _, path) in shops) Assert.Equal(1, await PushCalls(vendor, path) - before[vendor]);
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
    public async Task Every_change_to_what_a_listing_should_show_re_pushes_it()
    {
        var s = await ConnectedShopWith40Variants();
        var sneakers = await SyncAndLink(s);
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = s.Warehouse, delta = 9, reason = "Nhập hàng" }, Ct);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Count == 40 && st.Values.All(q => q == 9), "the first push");

        // The product's own buffer: 9 − 2.
        Assert.Equal(HttpStatusCode.OK, (await SaveSneaker(s, buffer: 2)).StatusCode);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Values.All(q => q == 7), "the product's buffer");

        // Supplementary stock until tomorrow: 9 − 2 + 5.
        Assert.Equal(HttpStatusCode.OK, (await SaveSneaker(s, buffer: 2, supplementary: 5, until: DateTime.UtcNow.AddDays(1))).StatusCode);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Values.All(q => q == 12), "the supplementary stock");

        // The Excel import raises the buffer to 4 (and keeps the supplementary stock): 9 − 4 + 5.
        using (var sheet = new MemoryStream())
        {
            await MiniExcelLibs.MiniExcel.SaveAsAsync(sheet, new[] { new Dictionary<string, object?>
            {
                [ProductSheet.Sku] = "GIAY-SNEAKER", [ProductSheet.Name] = "Giày sneaker", [ProductSheet.Variant] = null, [ProductSheet.Barcodes] = null, [ProductSheet.Weight] = 300,
                [ProductSheet.Cost] = 200000, [ProductSheet.Buffer] = 4, [ProductSheet.Combo] = null, [ProductSheet.Warehouse] = null, [ProductSheet.Opening] = null,
            } }, cancellationToken: Ct);
            var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(sheet.ToArray());
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            content.Add(file, "file", "san-pham.xlsx");
            var imported = await (await s.Api.PostAsync("/api/v1/products/import", content, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(1, imported.GetProperty("applied").GetInt32());
        }
        Assert.Equal(4, (await Product(s)).GetProperty("bufferStock").GetInt32());
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Values.All(q => q == 10), "the imported buffer");

        // A combo's components: one listing sells pairs, then triples (a combo's availability ignores its components' buffers).
        var combo = (await (await s.Api.PostAsJsonAsync("/api/v1/products", new { sku = "COMBO-DOI", name = "Combo đôi", components = new[] { new { productId = s.Product, quantity = 2 } } }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var model = sneakers[0].GetProperty("channelModelId").GetString()!;
        var relinked = await s.Api.PostAsJsonAsync($"/api/v1/listings/{sneakers[0].GetProperty("id").GetString()}/links", new { products = new[] { new { productId = combo, quantity = 1 } } }, Ct);
        Assert.True(relinked.IsSuccessStatusCode, await relinked.Content.ReadAsStringAsync(Ct));
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st[model] == 4, "floor(9 / 2)");
        Assert.Equal(HttpStatusCode.OK, (await s.Api.PutAsJsonAsync($"/api/v1/products/{combo}", new { sku = "COMBO-DOI", name = "Combo ba", components = new[] { new { productId = s.Product, quantity = 3 } } }, Ct)).StatusCode);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st[model] == 3, "floor(9 / 3)");

        // The shop now sells from another warehouse holding 3: 3 − 4 + 5, and the combo floor(3 / 3).
        var hanoi = (await (await s.W.CreateWarehouseAsync(s.Api, "HN")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = hanoi, delta = 3, reason = "Nhập hàng" }, Ct);
        var shop = await s.Api.GetFromJsonAsync<JsonElement>($"/api/v1/shops/{s.Shop}", Ct);
        Assert.Equal(HttpStatusCode.OK, (await s.Api.PutAsJsonAsync($"/api/v1/shops/{s.Shop}", new
        {
            channel = "Shopee", name = shop.GetProperty("name").GetString(), marketplaceShopId = shop.GetProperty("marketplaceShopId").GetString(), defaultWarehouseId = hanoi, isActive = true,
        }, Ct)).StatusCode);
        var shown = await Eventually.Get(() => SandboxStock(s.ItemId), st => st[model] == 1 && st.Count(x => x.Value == 4) == 39, "the new default warehouse");
        Assert.Equal(40, shown.Count);

        // Stock arrives while the shop is switched off; switched back on, it shows it: 5 − 4 + 5.
        object Shop(bool active) => new
        {
            channel = "Shopee", name = shop.GetProperty("name").GetString(), marketplaceShopId = shop.GetProperty("marketplaceShopId").GetString(), defaultWarehouseId = hanoi, isActive = active,
        };
        Assert.Equal(HttpStatusCode.OK, (await s.Api.PutAsJsonAsync($"/api/v1/shops/{s.Shop}", Shop(false), Ct)).StatusCode);
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = hanoi, delta = 2, reason = "Nhập hàng" }, Ct);
        Assert.Equal(HttpStatusCode.OK, (await s.Api.PutAsJsonAsync($"/api/v1/shops/{s.Shop}", Shop(true), Ct)).StatusCode);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Count(x => x.Value == 6) == 39, "the stock that arrived while the shop was off");
    }

    [Fact]
    public async Task Supplementary_stock_that_ended_is_taken_off_the_channel_by_the_periodic_check()
    {
        var s = await ConnectedShopWith40Variants();
        await SyncAndLink(s);
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = s.Warehouse, delta = 5, reason = "Nhập hàng" }, Ct);
        Assert.Equal(HttpStatusCode.OK, (await SaveSneaker(s, buffer: 0, supplementary: 4, until: DateTime.UtcNow.AddHours(1))).StatusCode);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Count == 40 && st.Values.All(q => q == 9), "5 + 4 supplementary");
        await Eventually.Get(() => Dirty(s), n => n == 0, "the push to finish");

        // The end date passes (written straight to the row: nothing in SellerHub changes when a date passes).
        var ended = DateTime.UtcNow;
        await App.As(s.W.Id, StaffRole.Owner, (db, _) => db.Products.Where(p => p.Id == s.Product).ExecuteUpdateAsync(x => x.SetProperty(p => p.SupplementaryUntil, ended), Ct));
        Assert.True(await App.As(s.W.Id, StaffRole.Owner, (db, _) => db.Listings.Where(l => l.ShopId == s.Shop && l.LinkState == LinkState.Linked).AllAsync(l => l.LastPushAt < ended, Ct)));

        await CheckWorkspace(s);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Values.All(q => q == 5), "the ended supplementary stock to come off");
        await Eventually.Get(() => Dirty(s), n => n == 0, "the push to finish");
    }

    [Fact]
    public async Task A_push_whose_message_was_lost_is_queued_again_by_the_periodic_check()
    {
        var s = await ConnectedShopWith40Variants();
        var sneakers = await SyncAndLink(s);
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = s.Warehouse, delta = 5, reason = "Nhập hàng" }, Ct);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Count == 40 && st.Values.All(q => q == 5), "the first push");
        await Eventually.Get(() => Dirty(s), n => n == 0, "the push to finish");

        // What a dead-lettered push leaves behind: a listing that should show something new, dirty, with no message
        // queued, last tried long ago. The channel still shows what was last pushed, so the drift check sees nothing.
        var listing = Guid.Parse(sneakers[0].GetProperty("id").GetString()!);
        await App.As(s.W.Id, StaffRole.Owner, (db, _) => db.Listings.Where(l => l.Id == listing).ExecuteUpdateAsync(x => x
            .SetProperty(l => l.PushCap, 2).SetProperty(l => l.PushDirty, true).SetProperty(l => l.LastPushAt, DateTime.UtcNow.AddHours(-1)), Ct));

        await CheckWorkspace(s);
        var model = sneakers[0].GetProperty("channelModelId").GetString()!;
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st[model] == 2, "the swept push to land");
        Assert.Equal(0, await Eventually.Get(() => Dirty(s), n => n == 0, "the listing to be clean"));
    }

    [Fact]
    public async Task A_campaign_lock_is_recorded_left_to_the_periodic_check_and_reported()
    {
        var s = await ConnectedShopWith40Variants();
        var slippers = await (await admin.PostAsJsonAsync("/sandbox/admin/shops/Shopee/200001/items", new { Name = "Dép", Sku = "DEP", Models = 0 }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var slippersId = slippers.GetProperty("item_id").GetInt64();
        var sneakers = await SyncAndLink(s);
        var slipper = (await s.Api.GetFromJsonAsync<JsonElement[]>($"/api/v1/listings?shop={s.Shop}", Ct))!.Single(l => l.GetProperty("channelItemId").GetString() == slippersId.ToString());
        await s.Api.PostAsJsonAsync($"/api/v1/listings/{slipper.GetProperty("id").GetString()}/links", new { products = new[] { new { productId = s.Product, quantity = 1 } } }, Ct);
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = s.Warehouse, delta = 5, reason = "Nhập hàng" }, Ct);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Count == 40 && st.Values.All(q => q == 5), "the first push");
        await Eventually.Get(() => Dirty(s), n => n == 0, "the push to finish");

        var ids = sneakers.Select(l => Guid.Parse(l.GetProperty("id").GetString()!)).ToList();
        Task<int> LockedFailures() => App.As(s.W.Id, StaffRole.Owner, (db, _) => db.StockPushLogs.CountAsync(p => ids.Contains(p.ListingId) && !p.Succeeded, Ct));
        async Task<List<JsonElement>> Sneakers() => (await s.Api.GetFromJsonAsync<JsonElement[]>($"/api/v1/listings?shop={s.Shop}", Ct))!
            .Where(l => l.GetProperty("channelItemId").GetString() == s.ItemId.ToString()).ToList();

        // A flash sale locks the sneakers' stock: the push is refused, and the refusal is recorded as a campaign lock.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/sandbox/admin/items/{s.ItemId}/campaign-lock", new { Locked = true }, Ct)).StatusCode);
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = s.Warehouse, delta = 3, reason = "Nhập thêm" }, Ct);
        var locked = await Eventually.Get(Sneakers, ls => ls.All(l => l.GetProperty("campaignLocked").GetBoolean()), "the sneakers to be recorded as locked by the campaign");
        Assert.All(locked, l => Assert.True(l.GetProperty("pushPending").GetBoolean()));
        Assert.Equal(40, await LockedFailures());
        Assert.Equal(5, (await SandboxStock(s.ItemId)).Values.Distinct().Single());

        // Further stock changes push what can be pushed and leave the locked listings alone: no new refusals, no growing log.
        await s.Api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = s.Product, warehouseId = s.Warehouse, delta = 1, reason = "Nhập thêm" }, Ct);
        await Eventually.Get(() => SandboxStock(slippersId), st => st.Values.Single() == 9, "the unlocked listing's push");
        Assert.Equal(40, await LockedFailures());

        // The drift check reports them and tries them once more.
        var check = await (await s.Api.PostAsync($"/api/v1/shops/{s.Shop}/stock/drift-check", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(40, check.GetProperty("locked").GetArrayLength());
        await Eventually.Get(LockedFailures, n => n == 80, "one more try per locked listing");

        // The campaign ends; the periodic check pushes them and the lock is cleared.
        await admin.PutAsJsonAsync($"/sandbox/admin/items/{s.ItemId}/campaign-lock", new { Locked = false }, Ct);
        await CheckWorkspace(s);
        await Eventually.Get(() => SandboxStock(s.ItemId), st => st.Values.All(q => q == 9), "the pushes after the campaign");
        Assert.All(await Eventually.Get(Sneakers, ls => ls.All(l => !l.GetProperty("campaignLocked").GetBoolean() && !l.GetProperty("pushPending").GetBoolean()), "the lock to clear"),
            l => Assert.Equal(JsonValueKind.Null, l.GetProperty("lastPushError").ValueKind));
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
