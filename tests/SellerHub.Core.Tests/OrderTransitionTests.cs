using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Orders;

namespace SellerHub.Core.Tests;

/// <summary>The order lifecycle, edge by edge: every allowed move works, every other one is refused with a message.</summary>
public sealed class OrderTransitionTests
{
    public static TheoryData<OrderStatus, OrderStatus> AllowedEdges()
    {
        var data = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var (from, targets) in OrderTransitions.Allowed)
            foreach (var to in targets) data.Add(from, to);
        return data;
    }

    public static TheoryData<OrderStatus, OrderStatus> RefusedEdges()
    {
        var data = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var from in Enum.GetValues<OrderStatus>())
            foreach (var to in Enum.GetValues<OrderStatus>())
                if (from != to && !OrderTransitions.Allowed[from].Contains(to)) data.Add(from, to);
        return data;
    }

    [Theory, MemberData(nameof(AllowedEdges))]
    public void An_allowed_edge_moves(OrderStatus from, OrderStatus to) => Assert.Equal(to, OrderTransitions.Move(from, to));

    [Theory, MemberData(nameof(RefusedEdges))]
    public void Any_other_edge_is_refused_naming_both_statuses(OrderStatus from, OrderStatus to)
    {
        var e = Assert.Throws<BusinessRuleException>(() => OrderTransitions.Move(from, to));
        Assert.Contains(OrderTransitions.Name(from), e.Message);
        Assert.Contains(OrderTransitions.Name(to), e.Message);
    }

    [Fact]
    public void The_table_covers_every_status_and_the_end_states_are_final()
    {
        Assert.Equal(Enum.GetValues<OrderStatus>().Length, OrderTransitions.Allowed.Count);
        Assert.Empty(OrderTransitions.Allowed[OrderStatus.Cancelled]);
        Assert.Empty(OrderTransitions.Allowed[OrderStatus.Returned]);
        Assert.Equal(21, AllowedEdges().Count); // a new edge must be a deliberate change
    }

    [Theory]
    [InlineData(ChannelType.Shopee, "UNPAID", false, OrderStatus.AwaitingPayment)]
    [InlineData(ChannelType.Shopee, "READY_TO_SHIP", false, OrderStatus.AwaitingApproval)]
    [InlineData(ChannelType.Shopee, "READY_TO_SHIP", true, OrderStatus.CancelRequested)]
    [InlineData(ChannelType.Shopee, "IN_CANCEL", false, OrderStatus.CancelRequested)]
    [InlineData(ChannelType.Shopee, "SHIPPED", false, OrderStatus.Shipping)]
    [InlineData(ChannelType.Shopee, "COMPLETED", false, OrderStatus.Completed)]
    [InlineData(ChannelType.Shopee, "CANCELLED", false, OrderStatus.Cancelled)]
    [InlineData(ChannelType.Lazada, "pending", false, OrderStatus.AwaitingApproval)]
    [InlineData(ChannelType.Lazada, "delivered", false, OrderStatus.Completed)]
    [InlineData(ChannelType.TikTokShop, "AWAITING_SHIPMENT", false, OrderStatus.AwaitingApproval)]
    [InlineData(ChannelType.TikTokShop, "CANCELLED", false, OrderStatus.Cancelled)]
    public void Channel_statuses_map_to_ours(ChannelType channel, string status, bool cancelRequested, OrderStatus expected) =>
        Assert.Equal(expected, ChannelStatuses.Map(channel, status, cancelRequested));
}
