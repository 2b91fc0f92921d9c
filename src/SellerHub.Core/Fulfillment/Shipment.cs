using SellerHub.Carriers;
using SellerHub.Persistence;

namespace SellerHub.Fulfillment;

/// <summary>A waybill (vận đơn) booked with a carrier for an order.</summary>
public sealed class Shipment : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid OrderId { get; init; }
    public Guid CarrierConnectionId { get; init; }
    public CarrierType Carrier { get; init; }
    /// <summary>The carrier's client order code: booking twice with it gives the same waybill.</summary>
    public required string IdempotencyKey { get; init; }
    public required string TrackingCode { get; set; }
    public decimal Fee { get; set; }
    public ShipmentStatus Status { get; set; }
    public DateTime CreatedAt { get; init; } = DateTime.UtcNow;
    public DateTime? CancelledAt { get; set; }

    /// <summary>The status in the staff's words (product.md: Quản lý vận đơn).</summary>
    public static string Name(ShipmentStatus status) => Messages.ResourceManager.GetString("ShipmentStatus_" + status, Messages.Culture) ?? status.ToString();

    /// <summary>Before the carrier has the parcel, a waybill can still be cancelled. ("Gặp vấn đề" comes after pickup.)</summary>
    public static readonly ShipmentStatus[] Cancellable = [ShipmentStatus.Created, ShipmentStatus.Processing, ShipmentStatus.ReadyToShip];
}
