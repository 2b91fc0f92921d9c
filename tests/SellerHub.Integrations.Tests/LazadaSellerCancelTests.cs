using SellerHub.Channels;
using SellerHub.Integrations.Lazada;

namespace SellerHub.Integrations.Tests;

/// <summary>The seller's cancel goes through Lazada's validate step, which names the reasons that country accepts.</summary>
public sealed class LazadaSellerCancelTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pending_order_is_cancelled_and_a_cancelled_one_is_refused()
    {
        var channel = sandbox.Get<LazadaChannel>();
        var account = await sandbox.ConnectLazada();
        var refs = await channel.ListChangedOrdersAsync(account, DateTime.UtcNow.AddDays(-1), DateTime.UtcNow.AddMinutes(1), Ct);
        var target = refs.First(r => r.ChannelStatus == "pending").OrderId;
        var order = (await channel.GetOrdersAsync(account, [target], Ct)).Single();

        await channel.CancelOrderAsync(account, order, Ct);
        Assert.Equal("canceled", (await channel.GetOrdersAsync(account, [target], Ct)).Single().ChannelStatus);

        var e = await Assert.ThrowsAsync<ChannelException>(() => channel.CancelOrderAsync(account, order, Ct));
        Assert.Equal(ChannelErrorKind.Refused, e.Kind);
    }
}
