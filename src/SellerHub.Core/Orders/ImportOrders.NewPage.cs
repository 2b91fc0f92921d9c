using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.Inventory;
using SellerHub.Persistence;

namespace SellerHub.Orders;

public static partial class ImportOrders
{
    /// <summary>
    /// The orders of a page SellerHub has not seen yet, in one transaction: lines resolved in memory;
    /// orders, lines and import events written first (<see cref="BulkInsert"/>, one round trip on
    /// PostgreSQL), before any stock is locked; then the listings and balances locked in id order (as
    /// every reservation locks them), the stock shared out oldest order first and taken by one guarded,
    /// row-counted UPDATE; last the reservations, ledger and warning events, and what a shortage or the
    /// auto-approve rule changes. The locks are held for those few statements only. False when the page
    /// could not go in whole — stock moved under it or one of its orders arrived by another path — and
    /// nothing of it was written; the caller then imports those orders one by one.
    /// </summary>
    private static async Task<bool> InsertNewAsync(SellerHubDb db, Shop shop, IReadOnlyList<ChannelOrder> page, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var orders = page.Select(o =>
        {
            var order = NewOrder(shop, o);
            Apply(order, o);
            return order;
        }).OrderBy(o => o.OrderedAt).ThenBy(o => o.ChannelOrderId).ToList();

        var itemIds = orders.SelectMany(o => o.Lines).Select(l => l.ChannelItemId).Distinct().ToList();
        var listings = await db.Listings.AsNoTracking().Include(l => l.Links).Where(l => l.ShopId == shop.Id && itemIds.Contains(l.ChannelItemId)).ToListAsync(ct);
        var productIds = listings.SelectMany(l => l.Links.Select(k => k.ProductId)).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Include(p => p.Components).Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var warehouse = shop.DefaultWarehouseId;
        var postgres = db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";
        var wants = new List<(Order Order, OrderLine Line, List<StockEngine.Need> Needs)>();
        foreach (var order in orders)
            foreach (var line in order.Lines)
            {
                var listing = listings.FirstOrDefault(l => l.ChannelItemId == line.ChannelItemId && l.ChannelModelId == (line.ChannelModelId ?? "0"));
                line.ListingId = listing?.Id;
                if (listing is not { LinkState: LinkState.Linked } || line.Quantity == 0 || warehouse is null || !HoldsStock(order.Status)) continue;
                var needs = NeedsOf(listing, products, warehouse.Value, line.Quantity);
                line.Components = string.Join(";", needs.Select(n => $"{n.ProductId}×{n.Quantity}"));
                wants.Add((order, line, needs));
            }

        var rule = await db.Shops.Where(s => s.Id == shop.Id && s.AutoApprove)
            .Select(s => new AutoApprove.Rule(s.AutoApprove, s.AutoApproveMaxCod, s.AutoApprovePayment, s.AutoApproveOnlyWithoutNote)).FirstOrDefaultAsync(ct);

        // Before any stock is locked: the orders as if every line were in stock, written in bulk. Only
        // what a shortage changes is written again below, so the locks are held for a few statements.
        foreach (var order in orders)
        {
            (order.Warnings, order.WarningDetail) = Joined(WarningsOf(order, now));
            order.Timeline.Add(new OrderEvent { OrderId = order.Id, Text = $"Nhập đơn từ {shop.Channel} ({order.ChannelStatus})", ActorName = db.Actor.Name, At = now });
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // In order id order: two pages sharing orders (a push and a pull) take the key's index entries in the same order.
            var byId = orders.OrderBy(o => o.ChannelOrderId, StringComparer.Ordinal).ToList();
            await new BulkInsert(db).Add(byId).Add(byId.SelectMany(o => o.Lines).ToList()).Add(byId.SelectMany(o => o.Timeline).ToList()).WriteAsync(ct);
        }
        catch (DbException e) when (Common.UniqueViolation.Is(e) || IsLockConflict(e))
        {
            return await GiveUpAsync(db, tx, ct); // one of them came in by the other path (a push and a pull at once)
        }

        var wanted = wants.SelectMany(w => w.Needs).Select(n => n.ProductId).Distinct().Order().ToArray();
        if (wanted.Length > 0) await ListingPush.MarkDirtyAsync(db, wanted, ct);
        // PostgreSQL: the balances are locked in product order as they are read, so what is shared out below is still there.
        var available = postgres
            ? await db.Database.SqlQuery<Available>($"""
                SELECT "ProductId", "OnHand" - "Reserved" AS "Units" FROM "StockBalances"
                WHERE "WorkspaceId" = {db.CurrentWorkspaceId} AND "WarehouseId" = {warehouse} AND "ProductId" = ANY({wanted})
                ORDER BY "ProductId" FOR UPDATE
                """).ToDictionaryAsync(b => b.ProductId, b => b.Units, ct)
            : await db.StockBalances.Where(b => b.WarehouseId == warehouse && wanted.Contains(b.ProductId))
                .ToDictionaryAsync(b => b.ProductId, b => b.OnHand - b.Reserved, ct);
        var taken = new Dictionary<Guid, int>();
        var reservations = new List<StockReservation>();
        var movements = new List<StockMovement>();
        foreach (var (order, line, needs) in wants)
            foreach (var need in needs)
            {
                var got = Math.Clamp(available.GetValueOrDefault(need.ProductId) - taken.GetValueOrDefault(need.ProductId), 0, need.Quantity);
                taken[need.ProductId] = taken.GetValueOrDefault(need.ProductId) + got;
                line.Shortage += need.Quantity - got;
                var key = line.ReservationKey(order.Id);
                reservations.Add(new StockReservation
                {
                    OrderLineKey = key, ProductId = need.ProductId, WarehouseId = need.WarehouseId,
                    Requested = need.Quantity, Quantity = got, Status = ReservationStatus.Active, CreatedAt = now,
                });
                if (got > 0) movements.Add(StockEngine.Movement(db, need.ProductId, need.WarehouseId, MovementKind.Reservation, 0, got, null, key, now));
            }
        // Guarded like every reservation (rows affected checked): if what was read has gone, nothing of the page is kept.
        var takes = taken.Where(t => t.Value > 0).OrderBy(t => t.Key).ToList();
        if (postgres && takes.Count > 0)
        {
            var (takenProducts, quantities) = (takes.Select(t => t.Key).ToArray(), takes.Select(t => t.Value).ToArray());
            var held = await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE "StockBalances" AS b SET "Reserved" = b."Reserved" + t.q
                FROM unnest({takenProducts}, {quantities}) AS t(p, q)
                WHERE b."WorkspaceId" = {db.CurrentWorkspaceId} AND b."WarehouseId" = {warehouse} AND b."ProductId" = t.p AND b."OnHand" - b."Reserved" >= t.q
                """, ct);
            if (held != takes.Count) return await GiveUpAsync(db, tx, ct);
        }
        else if (takes.Count > 0)
        {
            // SQLite stores a Guid as upper-case text; one statement over a JSON list, as unnest above.
            var list = System.Text.Json.JsonSerializer.Serialize(takes.Select(t => new { p = t.Key.ToString().ToUpperInvariant(), q = t.Value }));
            var held = await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE "StockBalances" AS b SET "Reserved" = b."Reserved" + t.q
                FROM (SELECT value ->> 'p' AS p, value ->> 'q' AS q FROM json_each({list})) AS t
                WHERE b."WorkspaceId" = {db.CurrentWorkspaceId} AND b."WarehouseId" = {warehouse} AND b."ProductId" = t.p AND b."OnHand" - b."Reserved" >= t.q
                """, ct);
            if (held != takes.Count) return await GiveUpAsync(db, tx, ct);
        }

        // What a shortage changes (warnings, short lines) and the rule's approvals: updated on the rows
        // just written, in one round trip with the outbox's stock pushes.
        var events = new List<OrderEvent>();
        foreach (var order in orders)
        {
            var shortOf = order.Lines.Any(l => l.Shortage > 0);
            var (warnings, detail) = shortOf ? Joined(WarningsOf(order, now)) : (order.Warnings, order.WarningDetail);
            var approve = rule is not null && order.Status == OrderStatus.AwaitingApproval && (warnings & ApproveOrders.Blocking) == 0 && AutoApprove.Allows(rule, order);
            if (shortOf || approve)
            {
                db.Orders.Attach(order); // as written above; what changes from here is updated
                (order.Warnings, order.WarningDetail) = (warnings, detail);
                if (approve) order.Status = OrderStatus.Approved;
                foreach (var line in order.Lines.Where(l => l.Shortage > 0)) db.Entry(line).Property(l => l.Shortage).IsModified = true;
            }
            if (warnings != OrderWarning.None)
                events.Add(new OrderEvent { OrderId = order.Id, Text = $"Cảnh báo: {OrderWarnings.Name(warnings)}", ActorName = "SellerHub", At = now });
            if (approve)
                events.Add(new OrderEvent { OrderId = order.Id, Text = $"{OrderTransitions.Name(OrderStatus.AwaitingApproval)} → {OrderTransitions.Name(OrderStatus.Approved)}", ActorName = AutoApprove.ActorName, At = now });
        }
        try
        {
            await new BulkInsert(db).Add(reservations).Add(movements).Add(events).WriteAsync(ct);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DbException d && (Common.UniqueViolation.Is(d) || IsLockConflict(d)) || e is DbUpdateException u && Common.UniqueViolation.Is(u))
        {
            return await GiveUpAsync(db, tx, ct); // a line key seen twice, or a deadlock PostgreSQL broke: one by one, below
        }
        await tx.CommitAsync(ct);
        await db.FlushMessagesAsync();
        db.ChangeTracker.Clear();
        return true;
    }

    private sealed record Available(Guid ProductId, int Units);

    /// <summary>PostgreSQL broke a deadlock or a serialization conflict by failing this transaction.</summary>
    private static bool IsLockConflict(DbException e) => e.SqlState is "40P01" or "40001";

    private static (OrderWarning, string?) Joined((OrderWarning Warnings, List<string> Detail) w) =>
        (w.Warnings, w.Detail.Count == 0 ? null : string.Join("; ", w.Detail));

    private static async Task<bool> GiveUpAsync(SellerHubDb db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        await tx.RollbackAsync(ct);
        db.ChangeTracker.Clear(); // a stock push it queued stays queued: pushing unchanged stock is harmless
        return false;
    }

    /// <summary>Orders that are not finished hold their stock.</summary>
    private static bool HoldsStock(OrderStatus status) =>
        status is OrderStatus.AwaitingPayment or OrderStatus.AwaitingApproval or OrderStatus.Approved or OrderStatus.CancelRequested or OrderStatus.Processing;
}
