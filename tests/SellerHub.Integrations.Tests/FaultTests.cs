using SellerHub.Carriers;
using SellerHub.Channels;
using SellerHub.Integrations.Lazada;
using SellerHub.Integrations.TikTokShop;

namespace SellerHub.Integrations.Tests;

/// <summary>
/// A fifth of every vendor's calls fail (rate limits, 5xx, hanging calls) in the vendor's own dialect:
/// every call either succeeds after bounded retries or ends in the adapter's typed error, never in
/// anything else and never in an endless retry. (Shopee has its own in <see cref="ShopeeChannelTests"/>.)
/// </summary>
public sealed class FaultTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const int Calls = 20;

    private static readonly Address Warehouse = new("12 Lê Lợi", "Phường Sài Gòn", "Quận 1", "Thành phố Hồ Chí Minh");
    private static readonly Parcel Parcel = new("Nguyễn Thị Lan", "0912345678", new Address("45 Nguyễn Trãi", "Phường Khương Trung", "Quận Thanh Xuân", "Thành phố Hà Nội"),
        600, 250000, 250000, [new ParcelItem("Áo thun cotton", "AT-COTTON-M", 2, 125000)], "Cho xem hàng");

    public static TheoryData<string> Vendors => ["Lazada", "TikTok", "GHN", "GHTK"];

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task With_a_fifth_of_calls_failing_every_call_succeeds_or_fails_typed(string vendor)
    {
        Func<int, Task> call = vendor switch
        {
            "Lazada" => await Marketplace(sandbox.Get<LazadaChannel>(), await sandbox.ConnectLazada()),
            "TikTok" => await Marketplace(sandbox.Get<TikTokShopChannel>(), await sandbox.ConnectTikTok()),
            _ => Carrier(vendor),
        };
        (await sandbox.Admin.PutAsJsonAsync($"/sandbox/admin/faults/{Recorded(vendor)}", new { RateLimited = 0.1, ServerErrors = 0.05, Timeouts = 0.05 }, Ct)).EnsureSuccessStatusCode();
        var outcomes = new List<string>();
        try
        {
            for (var i = 0; i < Calls; i++)
            {
                try
                {
                    await call(i);
                    outcomes.Add("ok");
                }
                catch (ChannelException e)
                {
                    outcomes.Add(e.Kind.ToString());
                }
                catch (CarrierException e) when (e.Transient)
                {
                    outcomes.Add("transient " + e.Code);
                }
            }
        }
        finally
        {
            await sandbox.Admin.PutAsJsonAsync($"/sandbox/admin/faults/{Recorded(vendor)}", new { }, Ct);
        }

        Assert.Equal(Calls, outcomes.Count);
        Assert.True(outcomes.Count(o => o == "ok") >= Calls - 2, string.Join(",", outcomes));
        var recorded = (await sandbox.Json($"/sandbox/recorded/calls?vendor={Recorded(vendor)}")).EnumerateArray().ToList();
        Assert.True(recorded.Count(c => c.GetProperty("error").ValueKind == JsonValueKind.String) > 0, "no fault was injected; the test proved nothing");
        var codes = (await sandbox.Json("/sandbox/recorded/waybills")).EnumerateArray().Select(w => w.GetProperty("client_order_code").GetString()).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count()); // a retried create never made a second waybill
    }

    /// <summary>A marketplace's everyday calls: the orders changed in the last two hours, paged to the end, and a few of them whole.</summary>
    private static async Task<Func<int, Task>> Marketplace(ISalesChannel channel, ChannelAccount account)
    {
        var some = (await channel.ListChangedOrdersAsync(account, DateTime.UtcNow.AddDays(-1), DateTime.UtcNow, Ct)).Take(5).Select(o => o.OrderId).ToList();
        return async i =>
        {
            if (i % 2 == 0) await channel.ListChangedOrdersAsync(account, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow, Ct);
            else Assert.Equal(some.Count, (await channel.GetOrdersAsync(account, some, Ct)).Count);
        };
    }

    /// <summary>A carrier's quote and create; a create retried through faults still makes one waybill for its key.</summary>
    private Func<int, Task> Carrier(string vendor)
    {
        var type = vendor == "GHN" ? CarrierType.Ghn : CarrierType.Ghtk;
        var carrier = sandbox.Services.GetServices<ICarrier>().Single(c => c.Carrier == type);
        var account = type == CarrierType.Ghn
            ? new CarrierAccount("ghn-sandbox-token-0001", "885001", Warehouse, "Kho Sài Gòn", "0987654321")
            : new CarrierAccount("ghtk-sandbox-token-0001", null, Warehouse, "Kho Sài Gòn", "0987654321");
        var run = Guid.NewGuid().ToString("N")[..8];
        return async i =>
        {
            if (i % 2 == 0) await carrier.QuoteFeeAsync(account, Parcel, Ct);
            else await carrier.CreateWaybillAsync(account, Parcel, $"F-{run}-{i}", Ct);
        };
    }

    private static string Recorded(string vendor) => vendor switch { "GHN" => "Ghn", "GHTK" => "Ghtk", _ => vendor };
}
