using SellerHub.Carriers;
using SellerHub.Integrations.Ghn;
using SellerHub.Integrations.Ghtk;

namespace SellerHub.Integrations.Tests;

public sealed class CarrierTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Address Warehouse = new("12 Lê Lợi", "Phường Sài Gòn", "Quận 1", "Thành phố Hồ Chí Minh");
    private static readonly Parcel Parcel = new("Nguyễn Thị Lan", "0912345678", new Address("45 Nguyễn Trãi", "Phường Khương Trung", "Quận Thanh Xuân", "Thành phố Hà Nội"),
        600, 250000, 250000, [new ParcelItem("Áo thun cotton", "AT-COTTON-M", 2, 125000)], "Cho xem hàng");

    private static CarrierAccount GhnAccount => new("ghn-sandbox-token-0001", "885001", Warehouse, "Kho Sài Gòn", "0987654321");
    private static CarrierAccount GhtkAccount => new("ghtk-sandbox-token-0001", null, Warehouse, "Kho Sài Gòn", "0987654321");

    private ICarrier Carrier(CarrierType type) => sandbox.Services.GetServices<ICarrier>().Single(c => c.Carrier == type);

    [Theory]
    [InlineData(CarrierType.Ghn)]
    [InlineData(CarrierType.Ghtk)]
    public async Task The_same_idempotency_key_twice_makes_one_waybill(CarrierType type)
    {
        var carrier = Carrier(type);
        var account = type == CarrierType.Ghn ? GhnAccount : GhtkAccount;
        var key = $"SHP-{type}-{Guid.NewGuid():N}"[..24];

        var first = await carrier.CreateWaybillAsync(account, Parcel, key, Ct);
        var second = await carrier.CreateWaybillAsync(account, Parcel, key, Ct);
        Assert.Equal(first.TrackingCode, second.TrackingCode);

        var waybills = (await sandbox.Json("/sandbox/recorded/waybills")).EnumerateArray().Where(w => w.GetProperty("client_order_code").GetString() == key).ToList();
        var only = Assert.Single(waybills);
        // GHN: the repeat finds the parcel by its client_order_code and never asks to create again (the spec
        // does not say what GHN does with a repeated code). GHTK: the repeat is answered ORDER_ID_EXIST, as documented.
        Assert.Equal(type == CarrierType.Ghn ? 1 : 2, only.GetProperty("create_calls").GetInt32());

        var status = await carrier.GetStatusAsync(account, first, Ct);
        Assert.Equal(ShipmentStatus.Created, status.Status);
        Assert.NotEmpty(status.Events);
        Assert.All(status.Events, e => Assert.Equal(ShipmentStatus.Created, e.Status));
        Assert.True(await carrier.QuoteFeeAsync(account, Parcel, Ct) > 0);
        var label = await carrier.GetLabelAsync(account, first, Ct);
        Assert.NotEmpty(label);
    }

    [Theory]
    [InlineData(CarrierType.Ghn)]
    [InlineData(CarrierType.Ghtk)]
    public async Task A_waybill_cancels_before_pickup_and_not_after(CarrierType type)
    {
        var carrier = Carrier(type);
        var account = type == CarrierType.Ghn ? GhnAccount : GhtkAccount;
        var early = await carrier.CreateWaybillAsync(account, Parcel, $"C1-{Guid.NewGuid():N}"[..20], Ct);
        await carrier.CancelAsync(account, early, Ct);
        Assert.Equal(ShipmentStatus.Cancelled, (await carrier.GetStatusAsync(account, early, Ct)).Status);

        var late = await carrier.CreateWaybillAsync(account, Parcel, $"C2-{Guid.NewGuid():N}"[..20], Ct);
        await sandbox.Admin.PutAsJsonAsync($"/sandbox/admin/waybills/{late.TrackingCode}/status", new { Status = type == CarrierType.Ghn ? "picked" : "3" }, Ct);
        var refused = await Assert.ThrowsAsync<CarrierException>(() => carrier.CancelAsync(account, late, Ct));
        Assert.False(refused.Transient);
        var handedOver = await carrier.GetStatusAsync(account, late, Ct);
        Assert.Equal(ShipmentStatus.HandedOver, handedOver.Status);
        Assert.Equal(ShipmentStatus.HandedOver, handedOver.Events[^1].Status);
    }
}
