using SellerHub.Persistence;

namespace SellerHub.Inventory;

/// <summary>
/// How many units of a product a warehouse holds and how many open orders hold. Changed only by
/// guarded atomic UPDATEs (see <see cref="StockEngine"/>), never read-modify-write.
/// </summary>
public sealed class StockBalance : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid ProductId { get; init; }
    public Guid WarehouseId { get; init; }
    public int OnHand { get; init; }
    public int Reserved { get; init; }
    public int Available => OnHand - Reserved;
}

public enum ReservationStatus
{
    Active,
    Released,
    Shipped,
}

/// <summary>Units held for one order line of one product in one warehouse; the unique key makes reserving idempotent.</summary>
public sealed class StockReservation : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    /// <summary>Which order line holds the units (e.g. "order/{id}/line/{lineId}").</summary>
    public required string OrderLineKey { get; init; }
    public Guid ProductId { get; init; }
    public Guid WarehouseId { get; init; }
    public int Requested { get; init; }
    public int Quantity { get; init; }
    public ReservationStatus Status { get; set; }
    public DateTime CreatedAt { get; init; }
    public int Shortage => Requested - Quantity;
}

public enum MovementKind
{
    Receipt,
    Adjustment,
    Reservation,
    Release,
    Shipment,
    Return,
}

/// <summary>One line of the append-only stock ledger: who moved what, why, with which reference.</summary>
public sealed class StockMovement : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid ProductId { get; init; }
    public Guid WarehouseId { get; init; }
    public MovementKind Kind { get; init; }
    public int OnHandDelta { get; init; }
    public int ReservedDelta { get; init; }
    public string? Reason { get; init; }
    public string? Reference { get; init; }
    public required string ActorName { get; init; }
    public DateTime At { get; init; }
}

/// <summary>Units of a product arrived in a warehouse while some reservations of it are short.</summary>
public sealed record StockArrived(Guid WorkspaceId, Guid ProductId, Guid WarehouseId);
