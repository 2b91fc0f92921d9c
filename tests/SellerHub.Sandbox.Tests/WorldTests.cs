using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Tests;

public sealed class WorldTests
{
    private static string Fingerprint(SandboxWorld world) => string.Join("\n", world.Shops.SelectMany(s => s.Orders)
        .Select(o => $"{o.BuyerName}|{o.Recipient.Phone}|{o.Recipient.FullAddress}|{o.IsCod}|{string.Join(",", o.Lines.Select(l => $"{l.Sku}x{l.Quantity}"))}"));

    [Fact]
    public void The_same_seed_makes_the_same_world()
    {
        Assert.Equal(Fingerprint(new SandboxWorld(42)), Fingerprint(new SandboxWorld(42)));
        Assert.NotEqual(Fingerprint(new SandboxWorld(42)), Fingerprint(new SandboxWorld(43)));
    }

    [Fact]
    public void The_world_has_the_awkward_cases_sellers_meet()
    {
        var world = new SandboxWorld(7);
        for (var i = 0; i < 200; i++) world.AddOrder(world.Generator.NewOrder(world.Shops[0], world.Clock.Now, world));
        var orders = world.Shops[0].Orders;
        Assert.Contains(orders, o => o.Recipient.Phone.Contains('*'));                  // masked by the marketplace
        Assert.Contains(orders, o => o.Recipient.OldStyle && o.Recipient.District is not null); // three-tier address
        Assert.Contains(orders, o => o.Recipient.Ward is null);                           // incomplete
        Assert.Contains(orders, o => o.IsCod);
        Assert.Contains(orders, o => !o.IsCod);
        Assert.Contains(orders, o => o.State == OrderState.Unpaid);
        Assert.Contains(orders, o => o.Recipient.Phone.Length == 6);                     // plainly wrong
        Assert.Contains(orders, o => o.Recipient.Phone.StartsWith("+84"));                 // international form
        Assert.Contains(orders, o => !o.Recipient.OldStyle && o.Recipient.Ward is not null && o.Recipient.District is null); // 2025 two-tier
        Assert.Contains(orders, o => o.Voucher > 0);
        Assert.Contains(orders, o => o.ShippingFee > 0);
        Assert.Contains(world.Shops[0].Items, i => i.Sku is null);
        Assert.Contains(world.Shops[0].Items, i => i.Status == "BANNED");
        Assert.Contains(world.Shops[0].Items, i => i.Status == "UNLIST");
        Assert.Contains(world.Shops[0].Items, i => i.Sku == "COMBO-3-TAT");
    }

    [Theory]
    [InlineData(Vendor.Shopee, "2026-11-27T03:00:00Z", "2026-11-29T03:00:00Z")] // days_to_ship = 2
    [InlineData(Vendor.Lazada, "2026-11-27T03:00:00Z", "2026-12-01T16:59:59Z")] // Friday → Tuesday 23:59:59 (UTC+7)
    [InlineData(Vendor.TikTok, "2026-11-25T03:00:00Z", "2026-11-27T16:59:59Z")] // Wednesday → Friday 23:59:59 (UTC+7)
    [InlineData(Vendor.Lazada, "2026-11-26T20:00:00Z", "2026-12-01T16:59:59Z")] // already Friday 03:00 in Vietnam
    public void Ship_by_follows_each_marketplace(Vendor vendor, string created, string expected) =>
        Assert.Equal(DateTime.Parse(expected).ToUniversalTime(), Generator.ShipBy(vendor, DateTime.Parse(created).ToUniversalTime()));
}
