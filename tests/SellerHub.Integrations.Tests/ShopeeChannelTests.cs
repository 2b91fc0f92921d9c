using SellerHub.Channels;
using SellerHub.Integrations.Shopee;

namespace SellerHub.Integrations.Tests;

public sealed class ShopeeChannelTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ShopeeChannel Shopee => sandbox.Get<ShopeeChannel>();

    [Fact]
    public async Task A_shop_connects_through_the_redirect_and_its_orders_come_back_whole()
    {
        var account = await sandbox.ConnectShopee();
        var refs = await Shopee.ListChangedOrdersAsync(account, DateTime.UtcNow.AddDays(-1), DateTime.UtcNow.AddMinutes(1), Ct);
        Assert.NotEmpty(refs);

        var orders = await Shopee.GetOrdersAsync(account, refs.Select(r => r.OrderId).ToList(), Ct);
        Assert.Equal(refs.Count, orders.Count);
        var order = orders[0];
        Assert.NotEmpty(order.Lines);
        Assert.NotNull(order.Recipient.Name);
        Assert.NotNull(order.ShipBy);
        Assert.Contains(order.ChannelStatus, new[] { "UNPAID", "READY_TO_SHIP" });
        Assert.Contains("\"order_sn\"", order.RawJson);
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_transparently_and_the_new_one_is_stored()
    {
        var stored = new List<ChannelTokens>();
        var account = await sandbox.ConnectShopee(stored);
        await sandbox.Admin.PostAsync($"/sandbox/admin/shops/Shopee/{account.MarketplaceShopId}/expire-tokens", null, Ct);

        var refs = await Shopee.ListChangedOrdersAsync(account, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow, Ct); // error_auth → refresh → retry
        Assert.NotNull(refs);
        Assert.Single(stored);
        Assert.Equal(account.Tokens, stored[0]);

        account.Tokens = account.Tokens with { AccessExpiresAt = DateTime.UtcNow.AddMinutes(1) }; // about to lapse: refreshed first
        await Shopee.ListChangedOrdersAsync(account, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow, Ct);
        Assert.Equal(2, stored.Count);
    }

    [Fact]
    public async Task A_revoked_refresh_token_means_the_seller_must_authorise_again()
    {
        var account = await sandbox.ConnectShopee();
        account.Tokens = account.Tokens with { RefreshToken = "revoked", AccessExpiresAt = DateTime.UtcNow.AddMinutes(-1) };
        var e = await Assert.ThrowsAsync<ChannelException>(() => Shopee.ListChangedOrdersAsync(account, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow, Ct));
        Assert.Equal(ChannelErrorKind.NeedsReauthorisation, e.Kind);
        Assert.Equal("error_auth", e.Code);
    }

    [Fact]
    public async Task Stock_for_120_models_goes_in_three_calls_and_lands_on_each_model()
    {
        var account = await sandbox.ConnectShopee();
        var created = JsonDocument.Parse(await (await sandbox.Admin.PostAsJsonAsync("/sandbox/admin/shops/Shopee/200001/items",
            new { Name = "Giày thể thao", Sku = "GIAY", Models = 120 }, Ct)).Content.ReadAsStringAsync(Ct)).RootElement;
        var itemId = created.GetProperty("item_id").GetInt64().ToString();
        var pushes = created.GetProperty("models").EnumerateArray().Select((m, i) => new StockPush(itemId, m.GetInt64().ToString(), i % 7)).ToList();

        var callsBefore = await UpdateStockCalls();
        var results = await Shopee.PushStockAsync(account, pushes, Ct);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(3, await UpdateStockCalls() - callsBefore);

        var recorded = (await sandbox.Json("/sandbox/recorded/stock")).EnumerateArray().Where(s => s.GetProperty("item_id").GetString() == itemId)
            .ToDictionary(s => s.GetProperty("model_id").GetString()!, s => s.GetProperty("stock").GetInt32());
        Assert.Equal(120, recorded.Count);
        Assert.All(pushes, p => Assert.Equal(p.Quantity, recorded[p.ModelId!]));
    }

    [Fact]
    public async Task Locked_campaign_stock_is_reported_per_listing()
    {
        var account = await sandbox.ConnectShopee();
        var listings = await Shopee.ListListingsAsync(account, null, Ct);
        Assert.Contains(listings, l => l.ChannelStatus == "BANNED" && !l.IsActive);
        Assert.Contains(listings, l => l.SellerSku is null);
        var target = listings.First(l => l.IsActive);
        await sandbox.Admin.PutAsJsonAsync($"/sandbox/admin/items/{target.ListingId}/campaign-lock", new { Locked = true }, Ct);

        var result = Assert.Single(await Shopee.PushStockAsync(account, [new StockPush(target.ListingId, target.ModelId, 3)], Ct));
        Assert.False(result.Succeeded);
        Assert.True(result.CampaignLocked);
        Assert.Contains("promotion", result.Error);
    }

    [Fact]
    public async Task An_order_is_shipped_and_its_air_waybill_is_a_pdf()
    {
        var account = await sandbox.ConnectShopee();
        var refs = await Shopee.ListChangedOrdersAsync(account, DateTime.UtcNow.AddDays(-1), DateTime.UtcNow.AddMinutes(1), Ct);
        var order = (await Shopee.GetOrdersAsync(account, refs.Where(r => r.ChannelStatus == "READY_TO_SHIP").Select(r => r.OrderId).Take(1).ToList(), Ct)).Single();

        var tracking = await Shopee.ArrangeShipmentAsync(account, order, Ct);
        Assert.StartsWith("SPXVN", tracking);
        var pdf = await Shopee.GetShippingLabelAsync(account, order, Ct);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));

        var again = await Assert.ThrowsAsync<ChannelException>(() => Shopee.ArrangeShipmentAsync(account, order, Ct));
        Assert.Equal(ChannelErrorKind.Refused, again.Kind);
        Assert.Equal("logistics.error_status", again.Code);
    }

    [Fact]
    public async Task With_a_fifth_of_calls_failing_every_call_succeeds_or_fails_typed()
    {
        var account = await sandbox.ConnectShopee();
        await sandbox.Admin.PutAsJsonAsync("/sandbox/admin/faults/Shopee", new { RateLimited = 0.1, ServerErrors = 0.05, Timeouts = 0.05 }, Ct);
        var outcomes = new List<string>();
        try
        {
            for (var i = 0; i < 25; i++)
            {
                try
                {
                    await Shopee.ListChangedOrdersAsync(account, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow, Ct);
                    outcomes.Add("ok");
                }
                catch (ChannelException e)
                {
                    outcomes.Add(e.Kind.ToString());
                }
            }
        }
        finally
        {
            await sandbox.Admin.PutAsJsonAsync("/sandbox/admin/faults/Shopee", new { }, Ct);
        }
        Assert.Equal(25, outcomes.Count);
        Assert.True(outcomes.Count(o => o == "ok") >= 23, string.Join(",", outcomes));
        var faults = (await sandbox.Json("/sandbox/recorded/calls?vendor=Shopee")).EnumerateArray().Count(c => c.GetProperty("error").ValueKind == JsonValueKind.String);
        Assert.True(faults > 0, "no fault was injected; the test proved nothing");
    }

    private async Task<int> UpdateStockCalls() =>
        (await sandbox.Json("/sandbox/recorded/calls?vendor=Shopee")).EnumerateArray().Count(c => c.GetProperty("path").GetString()!.Contains("/product/update_stock"));
}
