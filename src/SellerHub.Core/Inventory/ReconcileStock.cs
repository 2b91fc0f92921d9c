using Microsoft.EntityFrameworkCore;
using SellerHub.Persistence;

namespace SellerHub.Inventory;

/// <summary>
/// Proves the books balance: for every product and warehouse, reserved equals the sum of active
/// reservations and on-hand equals the sum of the ledger. Anything else is drift, reported, not hidden.
/// </summary>
public static class ReconcileStock
{
    public sealed record Drift(Guid ProductId, Guid WarehouseId, int Reserved, int ActiveReservations, int OnHand, int Ledger);

    public static async Task<IReadOnlyList<Drift>> Handle(SellerHubDb db, CancellationToken ct)
    {
        var balances = await db.StockBalances.AsNoTracking().ToListAsync(ct);
        var held = await db.StockReservations.Where(r => r.Status == ReservationStatus.Active)
            .GroupBy(r => new { r.ProductId, r.WarehouseId }).Select(g => new { g.Key.ProductId, g.Key.WarehouseId, Quantity = g.Sum(r => r.Quantity) })
            .ToDictionaryAsync(g => (g.ProductId, g.WarehouseId), g => g.Quantity, ct);
        var ledger = await db.StockMovements
            .GroupBy(m => new { m.ProductId, m.WarehouseId }).Select(g => new { g.Key.ProductId, g.Key.WarehouseId, OnHand = g.Sum(m => m.OnHandDelta), Reserved = g.Sum(m => m.ReservedDelta) })
            .ToDictionaryAsync(g => (g.ProductId, g.WarehouseId), g => (g.OnHand, g.Reserved), ct);

        return balances
            .Select(b => new Drift(b.ProductId, b.WarehouseId, b.Reserved, held.GetValueOrDefault((b.ProductId, b.WarehouseId)),
                b.OnHand, ledger.GetValueOrDefault((b.ProductId, b.WarehouseId)).OnHand))
            .Where(d => d.Reserved != d.ActiveReservations || d.OnHand != d.Ledger
                || ledger.GetValueOrDefault((d.ProductId, d.WarehouseId)).Reserved != d.Reserved)
            .ToList();
    }
}
