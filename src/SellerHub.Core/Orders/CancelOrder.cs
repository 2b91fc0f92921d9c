using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Fulfillment;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Orders;

/// <summary>
/// A seller cancels an order with a reason, in SellerHub only, on the marketplace too, and its live
/// waybills too: the status moves and every line's reservation is released in the same transaction
/// (stock pushes follow from the release); the marketplace's cancel and each waybill's go through the
/// outbox (<see cref="SendOrderToChannel"/>, <see cref="CancelWaybill"/>).
/// </summary>
public static class CancelOrder
{
    public static async Task Handle(Guid orderId, string? reason, bool onChannel, bool cancelWaybills, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.CancelOrders);
        if (string.IsNullOrWhiteSpace(reason)) throw BusinessRuleException.For("reason", Messages.CancelReasonRequired);
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, ct)
            ?? throw new NotFoundException(Messages.OrderNotFound);
        if (onChannel && order.ShopId is null) throw BusinessRuleException.For("onChannel", Messages.OrderHasNoChannel);
        OrderTransitions.Move(order.Status, OrderStatus.Cancelled);
        if (order.Status == OrderStatus.Cancelled) return; // cancelling twice changes nothing
        var waybills = cancelWaybills
            ? await db.Shipments.Where(s => s.OrderId == orderId && Shipment.Cancellable.Contains(s.Status)).Select(s => new { s.Id, s.Carrier, s.TrackingCode }).ToListAsync(ct)
            : [];

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await db.Orders.Where(o => o.Id == orderId && o.Status == order.Status)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Cancelled).SetProperty(o => o.Warnings, OrderWarning.None).SetProperty(o => o.WarningDetail, (string?)null), ct);
        if (moved == 0) throw BusinessRuleException.For("status", Messages.OrderChangedMeanwhile);
        await StockEngine.ReleaseAsync(db, order.Lines.Select(l => l.ReservationKey(order.Id)).ToList(), $"Huỷ đơn: {reason.Trim()}", ct);
        db.Add(new OrderEvent
        {
            OrderId = order.Id, ActorName = db.Actor.Name,
            Text = $"{OrderTransitions.Name(order.Status)} → {OrderTransitions.Name(OrderStatus.Cancelled)}{(onChannel ? " (cả trên sàn)" : " (chỉ trên SellerHub)")}"
                + string.Concat(waybills.Select(w => $", huỷ vận đơn {w.Carrier} {w.TrackingCode}")) + $": {reason.Trim()}",
        });
        if (onChannel) await db.PublishAsync(new SendOrderToChannel(db.CurrentWorkspaceId!.Value, order.Id, ChannelOrderAction.Cancel, $"cancel/{order.Id}"));
        foreach (var waybill in waybills) await db.PublishAsync(new CancelWaybill(db.CurrentWorkspaceId!.Value, waybill.Id));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await db.FlushMessagesAsync();
    }
}
