using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Orders;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>A shop's listings: a warehouse product made from one, and its push log.</summary>
public abstract class ListingTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A Shopee shop with these listings (item id, seller SKU, name), all unlinked, and an order waiting for the first.</summary>
    private async Task<(Guid Shop, Guid[] Listings, Guid Order)> ShopWithWaitingOrder(TestWorkspace w, Guid warehouse, params (string Item, string? Sku, string Name)[] listings) =>
        await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Shopee, Name = "Shopee", MarketplaceShopId = "200001", DefaultWarehouseId = warehouse, IsActive = true };
            db.Shops.Add(shop);
            var made = listings.Select(l => new Listing
            {
                ShopId = shop.Id, ChannelItemId = l.Item, ChannelModelId = "0", SellerSku = l.Sku, Name = l.Name, ChannelStatus = "NORMAL", IsActive = true, LinkState = LinkState.Unlinked,
            }).ToList();
            db.Listings.AddRange(made);
            await db.SaveChangesAsync(Ct);
            var now = DateTime.UtcNow;
            await ImportOrders.Handle(shop, [new ChannelOrder("2611260009AAA", "READY_TO_SHIP", "Phạm Thị Dung",
                new ChannelRecipient("Phạm Thị Dung", "0912345678", "5 Hai Bà Trưng, Phường Sài Gòn, TP Hồ Chí Minh", "Hồ Chí Minh", null, "Sài Gòn", "5 Hai Bà Trưng"),
                [new ChannelOrderLine("1", listings[0].Item, null, listings[0].Sku, listings[0].Name, 2, 150000, 150000)], 0, 0, 300000, 0, "Prepaid", null,
                now, now, now.AddDays(2), false, null, null, null, "{}")], db, Ct);
            return (shop.Id, made.Select(l => l.Id).ToArray(), await db.Orders.Select(o => o.Id).SingleAsync(Ct));
        });

    private async Task<Guid> Warehouse(HttpClient api, TestWorkspace w) =>
        Guid.Parse((await (await w.CreateWarehouseAsync(api, "HCM")).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!);

    [Fact]
    public async Task A_product_made_from_a_listing_takes_its_sku_and_name_and_links_it_so_the_waiting_order_reserves()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = await Warehouse(api, w);
        var (_, listings, order) = await ShopWithWaitingOrder(w, warehouse, ("801", "  KEM-CHONG-NANG ", "Kem chống nắng 50ml"), ("802", null, "Ốp lưng iPhone 15"));
        Assert.Equal("UnlinkedListing", (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}", Ct)).GetProperty("order").GetProperty("warnings").GetString());

        var response = await api.PostAsync($"/api/v1/listings/{listings[0]}/product", null, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var listing = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Linked", listing.GetProperty("linkState").GetString());
        var product = await api.GetFromJsonAsync<JsonElement>(response.Headers.Location!.ToString(), Ct);
        Assert.Equal(("KEM-CHONG-NANG", "Kem chống nắng 50ml", 0m, true), (product.GetProperty("sku").GetString(), product.GetProperty("name").GetString(),
            product.GetProperty("costPrice").GetDecimal(), product.GetProperty("isActive").GetBoolean()));
        Assert.Equal(product.GetProperty("id").GetString(), listing.GetProperty("links")[0].GetProperty("productId").GetString());

        // The order no longer waits for a link: it is reserved against the new product (none in stock yet, so short).
        var after = await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}", Ct);
        Assert.Equal("OutOfStock", after.GetProperty("order").GetProperty("warnings").GetString());
        (await api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = product.GetProperty("id").GetString(), warehouseId = warehouse, delta = 5, reason = "Nhập hàng" }, Ct)).EnsureSuccessStatusCode();
        var stock = await Eventually.Get(() => api.GetFromJsonAsync<JsonElement[]>("/api/v1/stock", Ct), s => s!.Single().GetProperty("reserved").GetInt32() == 2, "the waiting order to reserve 2");
        Assert.Equal(5, stock!.Single().GetProperty("onHand").GetInt32());

        // A listing without a seller SKU gets one made of the channel's ids.
        var noSku = await api.PostAsync($"/api/v1/listings/{listings[1]}/product", null, Ct);
        Assert.Equal(HttpStatusCode.Created, noSku.StatusCode);
        Assert.Equal("SHOPEE-802", (await api.GetFromJsonAsync<JsonElement>(noSku.Headers.Location!.ToString(), Ct)).GetProperty("sku").GetString());

        // Once linked, it is not made again.
        await WarehouseAndShopApiTests.AssertFieldError(await api.PostAsync($"/api/v1/listings/{listings[0]}/product", null, Ct), "listing", "đã được liên kết");
    }

    [Fact]
    public async Task A_listing_whose_sku_the_warehouse_already_has_is_refused_and_left_unlinked()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = await Warehouse(api, w);
        (await api.PostAsJsonAsync("/api/v1/products", new { sku = "kem-chong-nang", name = "Kem chống nắng" }, Ct)).EnsureSuccessStatusCode();
        var (_, listings, _) = await ShopWithWaitingOrder(w, warehouse, ("801", "KEM-CHONG-NANG", "Kem chống nắng 50ml"));

        await WarehouseAndShopApiTests.AssertFieldError(await api.PostAsync($"/api/v1/listings/{listings[0]}/product", null, Ct), "sku", "KEM-CHONG-NANG");
        Assert.Single((await api.GetFromJsonAsync<JsonElement[]>("/api/v1/products", Ct))!);
        Assert.Equal("Unlinked", (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/listings", Ct))!.Single().GetProperty("linkState").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/v1/listings/{Guid.NewGuid()}/product", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_push_log_of_one_listing_holds_its_pushes_only_newest_first_and_only_for_its_workspace()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var warehouse = await Warehouse(api, w);
        var (_, listings, _) = await ShopWithWaitingOrder(w, warehouse, ("801", "KEM", "Kem"), ("802", "SON", "Son"));
        var at = DateTime.UtcNow.AddMinutes(-10);
        await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            db.StockPushLogs.AddRange(
                new StockPushLog { ListingId = listings[0], Quantity = 5, Succeeded = true, At = at },
                new StockPushLog { ListingId = listings[1], Quantity = 9, Succeeded = true, At = at.AddMinutes(1) },
                new StockPushLog { ListingId = listings[0], Quantity = 4, Succeeded = false, Error = "error_item_not_found", At = at.AddMinutes(2) });
            return await db.SaveChangesAsync(Ct);
        });

        var log = (await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/stock/push-log?listingId={listings[0]}", Ct))!;
        Assert.Equal([(4, false, "error_item_not_found"), (5, true, null)],
            log.Select(e => (e.GetProperty("quantity").GetInt32(), e.GetProperty("succeeded").GetBoolean(), e.GetProperty("error").GetString())).ToArray());
        Assert.All(log, e => Assert.Equal(listings[0].ToString(), e.GetProperty("listingId").GetString()));
        Assert.Equal(3, (await api.GetFromJsonAsync<JsonElement[]>("/api/v1/stock/push-log", Ct))!.Length);

        var other = await App.NewWorkspaceAsync();
        Assert.Empty((await other.Api().GetFromJsonAsync<JsonElement[]>($"/api/v1/stock/push-log?listingId={listings[0]}", Ct))!);
    }
}

public sealed class ListingTestsOnSqlite(SqliteApp app) : ListingTests(app), IClassFixture<SqliteApp>;

public sealed class ListingTestsOnPostgres(PostgresApp app) : ListingTests(app), IClassFixture<PostgresApp>;
