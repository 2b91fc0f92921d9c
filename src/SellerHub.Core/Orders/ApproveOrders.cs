using Microsoft.EntityFrameworkCore;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Orders;

/// <summary>
/// Staff approve orders waiting for confirmation, one or many. Only eligible orders move; the rest
/// are reported with their warnings. Approved orders keep their reservations.
/// </summary>
public static class ApproveOrders
{
    /// <summary>Warnings that stop an approval; deadlines only urge.</summary>
    public const OrderWarning Blocking = OrderWarning.OutOfStock | OrderWarning.UnlinkedListing | OrderWarning.RecipientIncomplete | OrderWarning.Unpaid
        | OrderWarning.AddressNeedsReview;

    public sealed record Refusal(Guid OrderId, string ChannelOrderId, string Reason);
    public sealed record Result(IReadOnlyList<Guid> Approved, IReadOnlyList<Refusal> Refused);

    public static async Task<Result> Handle(IReadOnlyCollection<Guid> orderIds, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageOrders);
        var ids = orderIds.Distinct().ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.ChannelOrderId, o.Status, o.Warnings, o.WarningDetail }).ToListAsync(ct);
        var approved = new List<Guid>();
        var refused = ids.Where(id => orders.All(o => o.Id != id)).Select(id => new Refusal(id, "", Messages.OrderNotFound)).ToList();

        foreach (var order in orders)
        {
            if (!OrderTransitions.CanMove(order.Status, OrderStatus.Approved) || order.Status == OrderStatus.Approved)
            {
                refused.Add(new Refusal(order.Id, order.ChannelOrderId,
                    string.Format(Messages.OrderTransitionRefused, OrderTransitions.Name(order.Status), OrderTransitions.Name(OrderStatus.Approved))));
                continue;
            }
            if ((order.Warnings & Blocking) != 0)
            {
                refused.Add(new Refusal(order.Id, order.ChannelOrderId, string.Format(Messages.OrderNotEligible, order.WarningDetail)));
                continue;
            }
            if (!await MoveAsync(db, order.Id, order.Status, db.Actor.Name, ct))
            {
                refused.Add(new Refusal(order.Id, order.ChannelOrderId, Messages.OrderChangedMeanwhile));
                continue;
            }
            approved.Add(order.Id);
        }
        return new Result(approved, refused);
    }

    /// <summary>
    /// Guarded on the status and warnings read: a concurrent approval or a new warning wins, never both.
    /// The timeline says who approved (a person, or the shop's rule).
    /// </summary>
    internal static async Task<bool> MoveAsync(SellerHubDb db, Guid orderId, OrderStatus from, string actorName, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await db.Orders.Where(o => o.Id == orderId && o.Status == from && (o.Warnings & Blocking) == 0)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Approved), ct);
        if (moved == 0) return false;
        db.Add(new OrderEvent { OrderId = orderId, Text = $"{OrderTransitions.Name(from)} → {OrderTransitions.Name(OrderStatus.Approved)}", ActorName = actorName });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
