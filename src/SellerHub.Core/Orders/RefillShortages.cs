using Microsoft.EntityFrameworkCore;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;
using Wolverine.Attributes;

namespace SellerHub.Orders;

/// <summary>
/// Stock arrived: short order lines are topped up oldest order first (first come, first served, as
/// sellers expect), and their "Hết hàng" warning clears once nothing is missing.
/// </summary>
public static class RefillShortagesHandler
{
    [NonTransactional] // each top-up is its own guarded transaction
    public static async Task Handle(StockArrived arrived, SellerHubDb db, CancellationToken ct)
    {
        ((CurrentActor)db.Actor).Set(arrived.WorkspaceId, StaffRole.Owner, "SellerHub");
        var waiting = await db.StockReservations.AsNoTracking()
            .Where(r => r.ProductId == arrived.ProductId && r.WarehouseId == arrived.WarehouseId && r.Status == ReservationStatus.Active && r.Quantity < r.Requested)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
        foreach (var held in waiting)
        {
            if (await StockEngine.TopUpAsync(db, held, ct) == 0) continue;
            if (!Guid.TryParse(held.OrderLineKey.Split('/') is ["order", var id, ..] ? id : null, out var orderId)) continue;
            db.ChangeTracker.Clear();
            var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, ct);
            if (order is null) continue;
            var shortages = await db.StockReservations.Where(r => r.OrderLineKey.StartsWith($"order/{orderId}/") && r.Status == ReservationStatus.Active)
                .Select(r => new { r.OrderLineKey, Missing = r.Requested - r.Quantity }).ToListAsync(ct);
            foreach (var line in order.Lines)
                line.Shortage = shortages.Where(s => s.OrderLineKey == line.ReservationKey(order.Id)).Sum(s => s.Missing);
            await db.SaveChangesAsync(ct);
            await ImportOrders.EvaluateWarningsAsync(db, order, ct);
        }
    }
}
