using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Orders;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>Warnings follow their cause: linking the listing an order waits for reserves its stock and clears the warning.</summary>
public abstract class OrderWarningTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Linking_the_listing_reserves_the_waiting_orders_and_clears_their_warning()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var (warehouse, product) = await w.StockedProductAsync(api, "SRM-150", "Sữa rửa mặt", 10);
        var (listing, orderId) = await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Shopee, Name = "Shopee", MarketplaceShopId = "200001", DefaultWarehouseId = warehouse, IsActive = true };
            var listing = new Listing { ShopId = shop.Id, ChannelItemId = "777", ChannelModelId = "0", SellerSku = "SRM_150", Name = "Sữa rửa mặt", ChannelStatus = "NORMAL", IsActive = true, LinkState = LinkState.Unlinked };
            db.Shops.Add(shop);
            db.Listings.Add(listing);
            await db.SaveChangesAsync(Ct);
            var now = DateTime.UtcNow;
            await ImportOrders.Handle(shop, [new ChannelOrder("2611260003CCC", "READY_TO_SHIP", "Lê Văn Cường",
                new ChannelRecipient("Lê Văn Cường", "0912345678", "5 Hai Bà Trưng, Phường Sài Gòn, TP Hồ Chí Minh", "Hồ Chí Minh", null, "Sài Gòn", "5 Hai Bà Trưng"),
                [new ChannelOrderLine("1", "777", null, "SRM_150", "Sữa rửa mặt", 3, 120000, 99000)], 0, 0, 297000, 0, "Prepaid", null,
                now, now, now.AddDays(2), false, null, null, null, "{}")], db, Ct);
            return (listing.Id, await db.Orders.Select(o => o.Id).SingleAsync(Ct));
        });

        // The search box ignores tone marks and phone formats.
        foreach (var q in new[] { "le van cuong", "Cường", "0912 345 678", "+84912345678", "2611260003CCC" })
            Assert.Single((await api.GetFromJsonAsync<JsonElement[]>($"/api/v1/orders?q={Uri.EscapeDataString(q)}", Ct))!);
        Assert.Empty((await api.GetFromJsonAsync<JsonElement[]>("/api/v1/orders?q=nguyen", Ct))!);

        var before = await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}", Ct);
        Assert.Equal("UnlinkedListing", before.GetProperty("order").GetProperty("warnings").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/orders/{orderId}/approve", null, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/v1/listings/{listing}/links", new { products = new[] { new { productId = product, quantity = 1 } } }, Ct)).StatusCode);

        var after = await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}", Ct);
        Assert.Equal("None", after.GetProperty("order").GetProperty("warnings").GetString());
        Assert.Contains(after.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString() == "Hết cảnh báo: Sản phẩm chưa liên kết");
        var balance = await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockBalances.SingleAsync(b => b.ProductId == product, Ct));
        Assert.Equal((10, 3), (balance.OnHand, balance.Reserved));
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/orders/{orderId}/approve", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Stock_arriving_fills_the_oldest_short_orders_first_and_clears_their_warning()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var (warehouse, product) = await w.StockedProductAsync(api, "TAT-01", "Tất cổ ngắn", 2);
        await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Shopee, Name = "Shopee", MarketplaceShopId = "200001", DefaultWarehouseId = warehouse, IsActive = true };
            db.Shops.Add(shop);
            db.Listings.Add(new Listing { ShopId = shop.Id, ChannelItemId = "901", ChannelModelId = "0", SellerSku = "TAT-01", Name = "Tất", ChannelStatus = "NORMAL", IsActive = true, LinkState = LinkState.Linked, Links = [new ListingLink { ProductId = product }] });
            await db.SaveChangesAsync(Ct);
            var now = DateTime.UtcNow;
            ChannelOrder Order(string id, int quantity, DateTime at) => new(id, "READY_TO_SHIP", "Đỗ Minh", new ChannelRecipient("Đỗ Minh", "0912345678", "9 Nguyễn Huệ, Phường Sài Gòn, TP Hồ Chí Minh", "Hồ Chí Minh", null, "Sài Gòn", "9 Nguyễn Huệ"),
                [new ChannelOrderLine("1", "901", null, "TAT-01", "Tất", quantity, 30000, 25000)], 0, 0, 25000 * quantity, 0, "Prepaid", null, at, at, now.AddDays(2), false, null, null, null, "{}");
            await ImportOrders.Handle(shop, [Order("OLD", 3, now.AddMinutes(-5))], db, Ct);
            return await ImportOrders.Handle(shop, [Order("NEW", 2, now)], db, Ct);
        });
        Task<Dictionary<string, OrderWarning>> Warnings() => App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.ToDictionaryAsync(o => o.ChannelOrderId, o => o.Warnings, Ct));
        Assert.All((await Warnings()).Values, v => Assert.True(v.HasFlag(OrderWarning.OutOfStock)));

        await api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = product, warehouseId = warehouse, delta = 2, reason = "Hàng về" }, Ct);
        Task<int> ShortOfNew() => App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.ChannelOrderId == "NEW").SelectMany(o => o.Lines).SumAsync(l => l.Shortage, Ct));
        await Eventually.Get(ShortOfNew, missing => missing == 1, "the newer order to get the unit left over");
        var after = await Warnings();
        Assert.False(after["OLD"].HasFlag(OrderWarning.OutOfStock));
        Assert.True(after["NEW"].HasFlag(OrderWarning.OutOfStock)); // 3 + 2 wanted, 4 exist: the newer order waits
        var balance = await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockBalances.SingleAsync(b => b.ProductId == product, Ct));
        Assert.Equal((4, 4), (balance.OnHand, balance.Reserved));
        Assert.Empty(await App.As(w.Id, StaffRole.Owner, (db, _) => ReconcileStock.Handle(db, Ct)));
    }

    [Fact]
    public async Task An_order_whose_ship_by_passes_becomes_overdue()
    {
        var w = await App.NewWorkspaceAsync();
        var orderId = await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Lazada, Name = "Lazada", MarketplaceShopId = "300001", IsActive = true };
            db.Shops.Add(shop);
            await db.SaveChangesAsync(Ct);
            var now = DateTime.UtcNow;
            await ImportOrders.Handle(shop, [new ChannelOrder("LZ-1", "pending", "Phạm Thu Hà",
                new ChannelRecipient("Phạm Thu Hà", "0912345678", "1 Trần Phú, Phường Hà Đông, Hà Nội", "Hà Nội", null, "Hà Đông", "1 Trần Phú"),
                [new ChannelOrderLine("1", "888", null, "X", "Áo", 1, 100000, 100000)], 0, 0, 100000, 0, "Prepaid", null,
                now, now, now.AddSeconds(1), false, null, null, null, "{}")], db, Ct);
            return await db.Orders.Select(o => o.Id).SingleAsync(Ct);
        });
        var warnings = () => App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.Id == orderId).Select(o => o.Warnings).SingleAsync(Ct));
        Assert.True((await warnings()).HasFlag(OrderWarning.NearDeadline));

        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct); // the ship-by goes by
        Assert.Equal(1, await App.As(w.Id, StaffRole.Owner, (db, _) => ImportOrders.RefreshDeadlinesAsync(db, Ct)));
        var now = await warnings();
        Assert.True(now.HasFlag(OrderWarning.Overdue));
        Assert.False(now.HasFlag(OrderWarning.NearDeadline));
        Assert.Equal(0, await App.As(w.Id, StaffRole.Owner, (db, _) => ImportOrders.RefreshDeadlinesAsync(db, Ct))); // nothing left to do
    }

    [Fact]
    public async Task The_shops_auto_approve_rule_approves_eligible_orders_within_its_conditions_and_each_change_is_audited()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var (warehouse, product) = await w.StockedProductAsync(api, "NON-BH", "Nón bảo hiểm", 100);
        var gloves = await w.AddProductAsync(api, warehouse, "GANG-TAY", "Găng tay", 5);
        var shop = await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Shopee, Name = "Shopee", MarketplaceShopId = "200001", DefaultWarehouseId = warehouse, IsActive = true };
            db.Shops.Add(shop);
            db.Listings.Add(new Listing { ShopId = shop.Id, ChannelItemId = "501", ChannelModelId = "0", SellerSku = "NON-BH", Name = "Nón", ChannelStatus = "NORMAL", IsActive = true, LinkState = LinkState.Linked, Links = [new ListingLink { ProductId = product }] });
            db.Listings.Add(new Listing { ShopId = shop.Id, ChannelItemId = "502", ChannelModelId = "0", SellerSku = "KINH", Name = "Kính", ChannelStatus = "NORMAL", IsActive = true, LinkState = LinkState.Unlinked });
            db.Listings.Add(new Listing { ShopId = shop.Id, ChannelItemId = "503", ChannelModelId = "0", SellerSku = "GANG-TAY", Name = "Găng", ChannelStatus = "NORMAL", IsActive = true, LinkState = LinkState.Linked, Links = [new ListingLink { ProductId = gloves }] });
            await db.SaveChangesAsync(Ct);
            return shop;
        });

        var orderStaff = w.Api(await w.KeyFor(StaffRole.OrderStaff));
        Assert.Equal(HttpStatusCode.Forbidden, (await orderStaff.PutAsJsonAsync($"/api/v1/shops/{shop.Id}/auto-approve", new { enabled = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsJsonAsync($"/api/v1/shops/{shop.Id}/auto-approve", new { enabled = true, maxCodAmount = -1 }, Ct)).StatusCode);
        var saved = await api.PutAsJsonAsync($"/api/v1/shops/{shop.Id}/auto-approve", new { enabled = true, maxCodAmount = 500000, payment = "Any", onlyWithoutNote = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.True((await saved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("autoApprove").GetProperty("enabled").GetBoolean());

        ChannelOrder Order(string id, string item, decimal cod, string? note, int quantity = 1)
        {
            var now = DateTime.UtcNow;
            return new ChannelOrder(id, "READY_TO_SHIP", "Võ Minh Tâm", new ChannelRecipient("Võ Minh Tâm", "0987654321", "8 Pasteur, Phường Sài Gòn, TP Hồ Chí Minh", null, null, null, null),
                [new ChannelOrderLine("1", item, null, null, "Hàng", quantity, cod, cod)], 0, 0, cod, cod, "COD", note, now, now, now.AddDays(2), false, null, null, null, "{}");
        }
        await App.As(w.Id, StaffRole.Owner, (db, _) => ImportOrders.Handle(shop, [
            Order("AA-ELIGIBLE", "501", 300000, null),
            Order("AA-TOO-MUCH-COD", "501", 900000, null),
            Order("AA-HAS-NOTE", "501", 300000, "Gọi trước khi giao"),
            Order("AA-SHORT", "503", 300000, null, quantity: 8),
            Order("AA-UNLINKED", "502", 300000, null)], db, Ct));
        var statuses = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.ToDictionaryAsync(o => o.ChannelOrderId, o => o.Status, Ct));
        Assert.Equal(OrderStatus.Approved, statuses["AA-ELIGIBLE"]);
        Assert.Equal(OrderStatus.AwaitingApproval, statuses["AA-TOO-MUCH-COD"]);
        Assert.Equal(OrderStatus.AwaitingApproval, statuses["AA-HAS-NOTE"]);
        Assert.Equal(OrderStatus.AwaitingApproval, statuses["AA-UNLINKED"]);
        // Short of stock (8 wanted, 5 there): flagged, its shortage kept, not approved.
        var shortOrder = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Include(o => o.Lines).Include(o => o.Timeline).SingleAsync(o => o.ChannelOrderId == "AA-SHORT", Ct));
        Assert.Equal(OrderStatus.AwaitingApproval, shortOrder.Status);
        Assert.True(shortOrder.Warnings.HasFlag(OrderWarning.OutOfStock));
        Assert.Contains("thiếu 3", shortOrder.WarningDetail);
        Assert.Equal(3, Assert.Single(shortOrder.Lines).Shortage);
        Assert.Contains(shortOrder.Timeline, e => e.Text.StartsWith("Cảnh báo: Hết hàng"));
        var approvedId = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.ChannelOrderId == "AA-ELIGIBLE").Select(o => o.Id).SingleAsync(Ct));
        Assert.Contains((await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{approvedId}", Ct)).GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("actorName").GetString()!.StartsWith("Tự động duyệt"));

        // The unlinked order becomes eligible when its listing is linked, and the rule approves it then.
        var kinh = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Listings.Where(l => l.ChannelItemId == "502").Select(l => l.Id).SingleAsync(Ct));
        await api.PostAsJsonAsync($"/api/v1/listings/{kinh}/links", new { products = new[] { new { productId = product, quantity = 1 } } }, Ct);
        Assert.Equal(OrderStatus.Approved, await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.ChannelOrderId == "AA-UNLINKED").Select(o => o.Status).SingleAsync(Ct)));

        var audit = await api.GetFromJsonAsync<JsonElement>($"/api/v1/audit?entityType=Shop", Ct);
        Assert.Contains("AutoApproveMaxCod", audit.ToString());
    }

    [Fact]
    public async Task An_old_address_maps_to_its_2025_ward_and_a_split_ward_waits_for_a_person_who_confirms_it()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var (warehouse, hat) = await w.StockedProductAsync(api, "MU-LT", "Mũ lưỡi trai", 10);
        var shop = await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Lazada, Name = "Lazada", MarketplaceShopId = "300001", DefaultWarehouseId = warehouse, IsActive = true };
            db.Shops.Add(shop);
            db.Listings.Add(new Listing { ShopId = shop.Id, ChannelItemId = "901", ChannelModelId = "0", SellerSku = "MU-LT", Name = "Mũ", ChannelStatus = "active", IsActive = true, LinkState = LinkState.Linked, Links = [new ListingLink { ProductId = hat }] });
            await db.SaveChangesAsync(Ct);
            return shop;
        });
        ChannelOrder Order(string id, ChannelRecipient to)
        {
            var now = DateTime.UtcNow;
            return new ChannelOrder(id, "pending", to.Name, to, [new ChannelOrderLine("1", "901", null, "MU-LT", "Mũ", 1, 100000, 100000)], 0, 0, 100000, 0, "Prepaid", null,
                now, now, now.AddDays(2), false, null, null, null, "{}");
        }
        await App.As(w.Id, StaffRole.Owner, (db, _) => ImportOrders.Handle(shop, [
            Order("LZ-OLD-1TO1", new ChannelRecipient("Đỗ Thu Trang", "0912345678", "12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", null, null, null, null)),
            Order("LZ-OLD-SPLIT", new ChannelRecipient("Phan Văn Hậu", "0912345679", null, "TP.HCM", "Quận 1", "Phường Đa Kao", "12 Nguyễn Đình Chiểu")),
            Order("LZ-NOWHERE", new ChannelRecipient("Lý Thị Mai", "0912345670", null, "Hồ Chí Minh", null, "Phường Không Có", "1 Lê Duẩn"))], db, Ct));
        var orders = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.ToDictionaryAsync(o => o.ChannelOrderId, Ct));

        Assert.Equal(("79", "26740"), (orders["LZ-OLD-1TO1"].RecipientProvinceCode, orders["LZ-OLD-1TO1"].RecipientWardCode));
        Assert.False(orders["LZ-OLD-1TO1"].Warnings.HasFlag(OrderWarning.AddressNeedsReview));

        var split = orders["LZ-OLD-SPLIT"];
        Assert.Null(split.RecipientWardCode); // never guessed
        Assert.True(split.Warnings.HasFlag(OrderWarning.AddressNeedsReview));
        Assert.Contains("cần xác nhận địa chỉ", split.WarningDetail);
        Assert.True(orders["LZ-NOWHERE"].Warnings.HasFlag(OrderWarning.RecipientIncomplete));
        Assert.Contains("Không Có", orders["LZ-NOWHERE"].WarningDetail);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/orders/{split.Id}/approve", null, Ct)).StatusCode);

        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{split.Id}", Ct);
        var candidates = detail.GetProperty("addressCandidates").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.True(candidates.Count >= 2, string.Join(",", candidates));

        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsJsonAsync($"/api/v1/orders/{split.Id}/recipient-address", new { street = "12 Nguyễn Đình Chiểu", provinceCode = "79", wardCode = "00004" }, Ct)).StatusCode);
        var fixedResponse = await api.PutAsJsonAsync($"/api/v1/orders/{split.Id}/recipient-address", new { street = "12 Nguyễn Đình Chiểu", provinceCode = "79", wardCode = candidates[0] }, Ct);
        Assert.Equal(HttpStatusCode.OK, fixedResponse.StatusCode);
        var after = await fixedResponse.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(candidates[0], after.GetProperty("wardCode").GetString());
        Assert.Equal("None", after.GetProperty("order").GetProperty("warnings").GetString());
        Assert.Contains(after.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.StartsWith("Xác nhận địa chỉ: 12 Nguyễn Đình Chiểu"));

        // The channel sending the same old address again does not undo the confirmation.
        await App.As(w.Id, StaffRole.Owner, (db, _) => ImportOrders.Handle(shop, [
            Order("LZ-OLD-SPLIT", new ChannelRecipient("Phan Văn Hậu", "0912345679", null, "TP.HCM", "Quận 1", "Phường Đa Kao", "12 Nguyễn Đình Chiểu"))], db, Ct));
        Assert.Equal(candidates[0], await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Where(o => o.Id == split.Id).Select(o => o.RecipientWardCode).SingleAsync(Ct)));
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/orders/{split.Id}/approve", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_masked_phone_is_fine_an_unknown_prefix_is_flagged_without_blocking_and_a_wrong_number_blocks()
    {
        var w = await App.NewWorkspaceAsync();
        var api = w.Api();
        var (warehouse, product) = await w.StockedProductAsync(api, "KCN-50", "Kem chống nắng", 10);
        var shop = await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            var shop = new Shop { Channel = ChannelType.Shopee, Name = "Shopee", MarketplaceShopId = "200001", DefaultWarehouseId = warehouse, IsActive = true };
            db.Shops.Add(shop);
            db.Listings.Add(new Listing { ShopId = shop.Id, ChannelItemId = "501", ChannelModelId = "0", SellerSku = "KCN-50", Name = "Kem", ChannelStatus = "NORMAL", IsActive = true, LinkState = LinkState.Linked, Links = [new ListingLink { ProductId = product }] });
            await db.SaveChangesAsync(Ct);
            return shop;
        });
        ChannelOrder Order(string id, string phone)
        {
            var now = DateTime.UtcNow;
            return new ChannelOrder(id, "READY_TO_SHIP", "Lâm Thị Hoa", new ChannelRecipient("Lâm Thị Hoa", phone, "4 Lê Thánh Tôn, Phường Sài Gòn, TP Hồ Chí Minh", null, null, null, null),
                [new ChannelOrderLine("1", "501", null, "KCN-50", "Kem", 1, 100000, 100000)], 0, 0, 100000, 0, "ShopeePay", null, now, now, now.AddDays(2), false, null, null, null, "{}");
        }
        await App.As(w.Id, StaffRole.Owner, (db, _) => ImportOrders.Handle(shop, [Order("PH-MASKED", "84*****678"), Order("PH-NEW-PREFIX", "0891234567"), Order("PH-WRONG", "12345")], db, Ct));
        var orders = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.ToDictionaryAsync(o => o.ChannelOrderId, Ct));

        Assert.Equal(OrderWarning.None, orders["PH-MASKED"].Warnings);
        Assert.Equal(OrderWarning.PhoneToCheck, orders["PH-NEW-PREFIX"].Warnings);
        Assert.Contains("0891234567", orders["PH-NEW-PREFIX"].WarningDetail);
        Assert.Equal(OrderWarning.RecipientIncomplete, orders["PH-WRONG"].Warnings);
        Assert.Contains("số điện thoại", orders["PH-WRONG"].WarningDetail);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/orders/{orders["PH-NEW-PREFIX"].Id}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/orders/{orders["PH-WRONG"].Id}/approve", null, Ct)).StatusCode);
    }
}

public sealed class OrderWarningTestsOnSqlite(SqliteApp app) : OrderWarningTests(app), IClassFixture<SqliteApp>;

public sealed class OrderWarningTestsOnPostgres(PostgresApp app) : OrderWarningTests(app), IClassFixture<PostgresApp>;
