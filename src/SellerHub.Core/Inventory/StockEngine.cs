using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;

namespace SellerHub.Inventory;

/// <summary>
/// The only way stock changes. Every change is a guarded atomic UPDATE checked by rows affected
/// (<c>… WHERE OnHand - Reserved &gt;= qty</c>), in one transaction with its reservation and ledger
/// rows, touching balances in sorted key order. No read-modify-write, so nothing is oversold.
/// </summary>
public static class StockEngine
{
    public sealed record Need(Guid ProductId, Guid WarehouseId, int Quantity);

    public sealed record Reserved(Guid ProductId, Guid WarehouseId, int Requested, int Quantity)
    {
        public int Shortage => Requested - Quantity;
    }

    /// <summary>
    /// Holds stock for an order line. Marketplace orders are already sold: what exists is reserved and
    /// the rest reported as a shortage, never refused. Reserving the same line again changes nothing.
    /// </summary>
    public static async Task<IReadOnlyList<Reserved>> ReserveAsync(SellerHubDb db, string orderLineKey, IReadOnlyList<Need> needs, CancellationToken ct)
    {
        try
        {
            return await ReserveOnceAsync(db, orderLineKey, needs, ct);
        }
        catch (Exception e) when (e is DbUpdateException u && UniqueViolation.Is(u) || e is System.Data.Common.DbException d && UniqueViolation.Is(d))
        {
            // The same line raced itself (a pull and a push of one order): the transaction rolled
            // back, so nothing was taken twice; the winner's reservation is the answer.
            db.ChangeTracker.Clear();
            return await ReserveOnceAsync(db, orderLineKey, needs, ct);
        }
    }

    private static async Task<IReadOnlyList<Reserved>> ReserveOnceAsync(SellerHubDb db, string orderLineKey, IReadOnlyList<Need> needs, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.StockReservations.Where(r => r.OrderLineKey == orderLineKey).ToListAsync(ct);
        // Listings are marked before the balances are touched: the hot row's lock is held only from
        // its guarded UPDATE to the commit.
        var fresh = needs.Where(n => !existing.Any(r => r.ProductId == n.ProductId && r.WarehouseId == n.WarehouseId)).Select(n => n.ProductId).Distinct().ToList();
        if (fresh.Count > 0) await ListingPush.MarkDirtyAsync(db, fresh, ct);
        var result = new List<Reserved>();
        foreach (var need in needs.OrderBy(n => n.ProductId).ThenBy(n => n.WarehouseId))
        {
            if (existing.FirstOrDefault(r => r.ProductId == need.ProductId && r.WarehouseId == need.WarehouseId) is { } held)
            {
                result.Add(new Reserved(held.ProductId, held.WarehouseId, held.Requested, held.Quantity));
                continue;
            }
            if (await TakeWholeInOneStatementAsync(db, orderLineKey, need, now, ct))
            {
                result.Add(new Reserved(need.ProductId, need.WarehouseId, need.Quantity, need.Quantity));
                continue;
            }
            var got = await TakeAsync(db, need, ct);
            db.StockReservations.Add(new StockReservation
            {
                OrderLineKey = orderLineKey, ProductId = need.ProductId, WarehouseId = need.WarehouseId,
                Requested = need.Quantity, Quantity = got, Status = ReservationStatus.Active, CreatedAt = now,
            });
            if (got > 0) db.StockMovements.Add(Movement(db, need.ProductId, need.WarehouseId, MovementKind.Reservation, 0, got, null, orderLineKey, now));
            result.Add(new Reserved(need.ProductId, need.WarehouseId, need.Quantity, got));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await db.FlushMessagesAsync();
        return result;
    }

    /// <summary>
    /// Gives an order's units back (cancelled order), all its lines at once. Releasing twice changes
    /// nothing. Listings are marked before any balance is touched, and balances in product order, as
    /// every stock change locks them: two of them never wait on each other in a circle.
    /// </summary>
    public static async Task ReleaseAsync(SellerHubDb db, IReadOnlyCollection<string> orderLineKeys, string reason, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        // Joins the caller's transaction when there is one, so "order cancelled" and "stock back" commit together.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var active = (await db.StockReservations.Where(r => orderLineKeys.Contains(r.OrderLineKey) && r.Status == ReservationStatus.Active).ToListAsync(ct))
            .OrderBy(r => r.ProductId).ThenBy(r => r.WarehouseId).ToList();
        var products = active.Where(r => r.Quantity > 0).Select(r => r.ProductId).Distinct().ToList();
        if (products.Count > 0) await ListingPush.MarkDirtyAsync(db, products, ct);
        foreach (var held in active)
        {
            // Guarded on the reservation's own status: two releases racing give the units back once.
            var flipped = await db.StockReservations.Where(r => r.Id == held.Id && r.Status == ReservationStatus.Active)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReservationStatus.Released), ct);
            if (flipped == 0 || held.Quantity == 0) continue;
            var updated = await db.StockBalances.Where(b => b.ProductId == held.ProductId && b.WarehouseId == held.WarehouseId && b.Reserved >= held.Quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Reserved, b => b.Reserved - held.Quantity), ct);
            if (updated != 1) throw new InvalidOperationException($"Reserved stock of {held.ProductId} is below a reservation of {held.Quantity}: run the reconciler.");
            db.StockMovements.Add(Movement(db, held.ProductId, held.WarehouseId, MovementKind.Release, 0, -held.Quantity, reason, held.OrderLineKey, now));
        }
        await db.SaveChangesAsync(ct);
        if (tx is null) return; // the caller commits and flushes
        await tx.CommitAsync(ct);
        await db.FlushMessagesAsync();
    }

    /// <summary>
    /// Receipts, returns and counted adjustments. A decrease never takes on-hand below what open
    /// orders hold: <c>WHERE OnHand + delta &gt;= Reserved</c>.
    /// </summary>
    public static async Task<int> AdjustAsync(SellerHubDb db, Guid productId, Guid warehouseId, int delta, MovementKind kind, string? reason, string? reference, CancellationToken ct)
    {
        if (delta == 0) return 0;
        var now = DateTime.UtcNow;
        await EnsureBalanceAsync(db, productId, warehouseId, ct); // its own statement: a lost insert race must not abort our transaction
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ListingPush.MarkDirtyAsync(db, [productId], ct); // listings before the balance, as every stock change locks them
        var updated = await db.StockBalances
            .Where(b => b.ProductId == productId && b.WarehouseId == warehouseId && b.OnHand + delta >= b.Reserved && b.OnHand + delta >= 0)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.OnHand, b => b.OnHand + delta), ct);
        if (updated != 1) throw BusinessRuleException.For("quantity", Messages.StockBelowReserved);
        db.StockMovements.Add(Movement(db, productId, warehouseId, kind, delta, 0, reason, reference, now));
        if (delta > 0) await AnnounceArrivalAsync(db, productId, warehouseId, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await db.FlushMessagesAsync();
        return delta;
    }

    /// <summary>
    /// A stock count: on-hand becomes what was counted. Compare-and-set on the on-hand observed, so a
    /// receipt or sale in between is not overwritten; the ledger records the difference.
    /// </summary>
    public static async Task<int> SetCountedAsync(SellerHubDb db, Guid productId, Guid warehouseId, int counted, string? reason, string? reference, CancellationToken ct)
    {
        if (counted < 0) throw BusinessRuleException.For("counted", Messages.MustBePositive);
        await EnsureBalanceAsync(db, productId, warehouseId, ct);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var observed = await db.StockBalances.Where(b => b.ProductId == productId && b.WarehouseId == warehouseId).Select(b => b.OnHand).SingleAsync(ct);
            if (observed == counted) return 0;
            var now = DateTime.UtcNow;
            // Joins the caller's transaction when there is one (an all-or-nothing sheet import); the caller commits and flushes.
            await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            await ListingPush.MarkDirtyAsync(db, [productId], ct); // listings before the balance, as every stock change locks them
            var updated = await db.StockBalances
                .Where(b => b.ProductId == productId && b.WarehouseId == warehouseId && b.OnHand == observed && b.Reserved <= counted)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.OnHand, counted), ct);
            if (updated == 1)
            {
                db.StockMovements.Add(Movement(db, productId, warehouseId, MovementKind.Adjustment, counted - observed, 0, reason, reference, now));
                if (counted > observed) await AnnounceArrivalAsync(db, productId, warehouseId, ct);
                await db.SaveChangesAsync(ct);
                if (tx is null) return counted - observed;
                await tx.CommitAsync(ct);
                await db.FlushMessagesAsync();
                return counted - observed;
            }
            if (tx is not null) await tx.RollbackAsync(ct);
            if (await db.StockBalances.AnyAsync(b => b.ProductId == productId && b.WarehouseId == warehouseId && b.Reserved > counted, ct))
                throw BusinessRuleException.For("counted", Messages.StockBelowReserved);
        }
        throw new InvalidOperationException("The stock kept changing during the count; count again.");
    }

    /// <summary>
    /// PostgreSQL: the guarded UPDATE and the reservation and ledger rows in one statement, so a hot
    /// balance row is locked for that statement and the commit only. False when not all of the need
    /// is there (or on SQLite, whose single writer lock makes this moot): the general path follows.
    /// </summary>
    private static async Task<bool> TakeWholeInOneStatementAsync(SellerHubDb db, string key, Need need, DateTime now, CancellationToken ct)
    {
        if (db.Database.ProviderName != "Npgsql.EntityFrameworkCore.PostgreSQL" || db.CurrentWorkspaceId is not { } workspace) return false;
        var (reservation, movement, actor) = (Guid.CreateVersion7(), Guid.CreateVersion7(), db.Actor.Name);
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH taken AS (
                UPDATE "StockBalances" SET "Reserved" = "Reserved" + {need.Quantity}
                WHERE "WorkspaceId" = {workspace} AND "ProductId" = {need.ProductId} AND "WarehouseId" = {need.WarehouseId}
                  AND "OnHand" - "Reserved" >= {need.Quantity}
                RETURNING 1),
            held AS (
                INSERT INTO "StockReservations" ("Id", "WorkspaceId", "OrderLineKey", "ProductId", "WarehouseId", "Requested", "Quantity", "Status", "CreatedAt")
                SELECT {reservation}, {workspace}, {key}, {need.ProductId}, {need.WarehouseId}, {need.Quantity}, {need.Quantity}, 'Active', {now} FROM taken
                RETURNING 1)
            INSERT INTO "StockMovements" ("Id", "WorkspaceId", "ProductId", "WarehouseId", "Kind", "OnHandDelta", "ReservedDelta", "Reference", "ActorName", "At")
            SELECT {movement}, {workspace}, {need.ProductId}, {need.WarehouseId}, 'Reservation', 0, {need.Quantity}, {key}, {actor}, {now} FROM held
            """, ct);
        return inserted == 1;
    }

    /// <summary>Orders short of this product get a chance at the new units (after the commit, through the outbox).</summary>
    private static async Task AnnounceArrivalAsync(SellerHubDb db, Guid productId, Guid warehouseId, CancellationToken ct)
    {
        if (await db.StockReservations.AnyAsync(r => r.ProductId == productId && r.WarehouseId == warehouseId && r.Status == ReservationStatus.Active && r.Quantity < r.Requested, ct))
            await db.PublishAsync(new StockArrived(db.CurrentWorkspaceId!.Value, productId, warehouseId));
    }

    /// <summary>
    /// Tops a short reservation up from what is available now, guarded twice: on the balance (never
    /// oversold) and on the reservation's quantity as read (two top-ups racing take once).
    /// </summary>
    public static async Task<int> TopUpAsync(SellerHubDb db, StockReservation held, CancellationToken ct)
    {
        if (held.Status != ReservationStatus.Active || held.Shortage <= 0) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ListingPush.MarkDirtyAsync(db, [held.ProductId], ct); // listings before the balance, as every stock change locks them
        var got = await TakeAsync(db, new Need(held.ProductId, held.WarehouseId, held.Shortage), ct);
        if (got == 0) return 0;
        var moved = await db.StockReservations.Where(r => r.Id == held.Id && r.Quantity == held.Quantity && r.Status == ReservationStatus.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Quantity, r => r.Quantity + got), ct);
        if (moved == 0) return 0; // someone else topped it up or released it; disposing the transaction rolls our take back
        db.StockMovements.Add(Movement(db, held.ProductId, held.WarehouseId, MovementKind.Reservation, 0, got, "Hàng về", held.OrderLineKey, DateTime.UtcNow));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await db.FlushMessagesAsync();
        return got;
    }

    /// <summary>Reserves as much of the need as exists, by guarded UPDATEs; retries when another writer got there first.</summary>
    private static async Task<int> TakeAsync(SellerHubDb db, Need need, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var balance = db.StockBalances.Where(b => b.ProductId == need.ProductId && b.WarehouseId == need.WarehouseId);
            var taken = await balance.Where(b => b.OnHand - b.Reserved >= need.Quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Reserved, b => b.Reserved + need.Quantity), ct);
            if (taken == 1) return need.Quantity;

            var available = await balance.Select(b => b.OnHand - b.Reserved).FirstOrDefaultAsync(ct);
            if (available <= 0) return 0;
            var partial = Math.Min(available, need.Quantity);
            taken = await balance.Where(b => b.OnHand - b.Reserved >= partial)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Reserved, b => b.Reserved + partial), ct);
            if (taken == 1) return partial;
        }
        return 0;
    }

    private static async Task EnsureBalanceAsync(SellerHubDb db, Guid productId, Guid warehouseId, CancellationToken ct)
    {
        if (await db.StockBalances.AnyAsync(b => b.ProductId == productId && b.WarehouseId == warehouseId, ct)) return;
        db.StockBalances.Add(new StockBalance { ProductId = productId, WarehouseId = warehouseId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Created meanwhile by another writer; the guarded update below works on theirs.
        }
        finally
        {
            foreach (var entry in db.ChangeTracker.Entries<StockBalance>().ToList()) entry.State = EntityState.Detached;
        }
    }

    internal static StockMovement Movement(SellerHubDb db, Guid productId, Guid warehouseId, MovementKind kind, int onHand, int reserved, string? reason, string? reference, DateTime at) => new()
    {
        ProductId = productId, WarehouseId = warehouseId, Kind = kind, OnHandDelta = onHand, ReservedDelta = reserved,
        Reason = reason, Reference = reference, ActorName = db.Actor.Name, At = at,
    };
}
