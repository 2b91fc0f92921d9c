using SellerHub.Channels;
using SellerHub.Integrations.Lazada;
using SellerHub.Integrations.TikTokShop;

namespace SellerHub.Integrations.Tests;

/// <summary>A seller refuses a buyer's request to cancel at Lazada and TikTok: the order stays to be shipped.</summary>
public sealed class BuyerCancellationTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Lazada")]
    [InlineData("TikTok")]
    public async Task A_buyers_cancellation_is_rejected_and_the_order_is_shipped_after_all(string vendor)
    {
        ISalesChannel channel = vendor == "Lazada" ? sandbox.Get<LazadaChannel>() : sandbox.Get<TikTokShopChannel>();
        var account = vendor == "Lazada" ? await sandbox.ConnectLazada() : await sandbox.ConnectTikTok();
        var refs = await channel.ListChangedOrdersAsync(account, DateTime.UtcNow.AddDays(-1), DateTime.UtcNow.AddMinutes(1), Ct);
        var target = refs.First(r => r.ChannelStatus is "pending" or "AWAITING_SHIPMENT");
        (await sandbox.Admin.PostAsync($"/sandbox/admin/orders/{target.OrderId}/buyer-cancel", null, Ct)).EnsureSuccessStatusCode();
        var asked = (await channel.GetOrdersAsync(account, [target.OrderId], Ct)).Single();
        Assert.True(asked.CancelRequested);

        await channel.AnswerBuyerCancellationAsync(account, asked, accept: false, Ct);

        var after = (await channel.GetOrdersAsync(account, [target.OrderId], Ct)).Single();
        Assert.False(after.CancelRequested);
        Assert.Equal(target.ChannelStatus, after.ChannelStatus);
        // The answer is final: the request can no longer be accepted.
        var again = await Assert.ThrowsAsync<ChannelException>(() => channel.AnswerBuyerCancellationAsync(account, asked, accept: true, Ct));
        Assert.Contains(again.Kind, new[] { ChannelErrorKind.NotFound, ChannelErrorKind.Refused });
        Assert.False(string.IsNullOrEmpty(await channel.ArrangeShipmentAsync(account, after, Ct)));
    }
}
