using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Orders;

/// <summary>
/// Staff accept or reject a buyer's cancel request (tab "Gặp vấn đề"). SellerHub applies the
/// decision at once — accepting cancels and frees the stock, rejecting returns the order to where it
/// was — and the decision goes to the marketplace through the outbox (<see cref="SendOrderToChannel"/>).
/// </summary>
public static class AnswerCancelRequest
{
    public static async Task Handle(Guid orderId, bool accept, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.CancelOrders);
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, ct)
            ?? throw new NotFoundException(Messages.OrderNotFound);
        var target = accept ? OrderStatus.Cancelled : order.StatusBeforeCancelRequest is { } before && before != OrderStatus.CancelRequested ? before : OrderStatus.AwaitingApproval;
        if (order.Status != OrderStatus.CancelRequested || order.ShopId is null)
            throw BusinessRuleException.For("status", string.Format(Messages.NoCancelRequest, OrderTransitions.Name(order.Status)));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var key = ImportOrders.CancelRequestKey(order.ChannelOrderId, order.CancelRequestId);
        var moved = await db.Orders.Where(o => o.Id == orderId && o.Status == OrderStatus.CancelRequested)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, target).SetProperty(o => o.AnsweredCancelRequest, key), ct);
        if (moved == 0) throw BusinessRuleException.For("status", Messages.OrderChangedMeanwhile);
        if (accept)
            await StockEngine.ReleaseAsync(db, order.Lines.Select(l => l.ReservationKey(order.Id)).ToList(), "Khách huỷ đơn", ct);
        db.Add(new OrderEvent
        {
            OrderId = order.Id, ActorName = db.Actor.Name,
            Text = $"{(accept ? "Đồng ý" : "Từ chối")} yêu cầu huỷ của khách: {OrderTransitions.Name(OrderStatus.CancelRequested)} → {OrderTransitions.Name(target)}",
        });
        await db.PublishAsync(new SendOrderToChannel(db.CurrentWorkspaceId!.Value, order.Id, accept ? ChannelOrderAction.AcceptCancel : ChannelOrderAction.RejectCancel, key));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await db.FlushMessagesAsync();
        await ImportOrders.EvaluateWarningsAsync(db, await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId, ct), ct);
    }
}
