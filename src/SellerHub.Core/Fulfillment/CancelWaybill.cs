using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Carriers;
using SellerHub.Orders;
using SellerHub.Persistence;
using SellerHub.Workspaces;
using Wolverine;
using Wolverine.Attributes;

namespace SellerHub.Fulfillment;

/// <summary>A waybill SellerHub owes its carrier a cancel for (its order was cancelled).</summary>
public sealed record CancelWaybill(Guid WorkspaceId, Guid ShipmentId, int Attempt = 0);

/// <summary>
/// Cancels a waybill with its carrier. Idempotent by looking first: the carrier is asked for the
/// waybill's status and the cancel is sent only while the waybill is still live, so a message
/// delivered twice (or after a crash between the call and the bookkeeping) cancels once. The outcome
/// goes on the order's timeline; a carrier that refuses (the parcel is already picked up) is
/// reported as such, an unreachable one is retried with growing pauses.
/// </summary>
public static class CancelWaybillHandler
{
    /// <summary>The first pause after a failure; each retry waits one more step (tests shorten it).</summary>
    public static TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);
    public const int MaxAttempts = 12;

    [NonTransactional] // the carrier call must not run inside a database transaction
    public static async Task Handle(CancelWaybill message, SellerHubDb db, IEnumerable<ICarrier> carriers, IDataProtectionProvider protection, IMessageBus bus, CancellationToken ct)
    {
        ((CurrentActor)db.Actor).Set(message.WorkspaceId, StaffRole.Owner, "SellerHub");
        var shipment = await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == message.ShipmentId, ct);
        if (shipment is null || shipment.Status == ShipmentStatus.Cancelled) return;
        var waybill = $"{shipment.Carrier} {shipment.TrackingCode}";
        var connection = await db.CarrierConnections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == shipment.CarrierConnectionId, ct);
        var pickup = connection is null ? null : await db.Warehouses.AsNoTracking().FirstOrDefaultAsync(w => w.Id == connection.PickupWarehouseId, ct);
        if (connection is null || pickup is null)
        {
            await OrderTimeline.NoteAsync(db, shipment.OrderId, $"Chưa huỷ được vận đơn {waybill}: không còn tài khoản hãng vận chuyển; hãy huỷ trên trang của hãng.", ct);
            return;
        }
        var carrier = carriers.Single(c => c.Carrier == shipment.Carrier);
        var account = connection.Account(pickup, protection);
        var booked = new Waybill(shipment.IdempotencyKey, shipment.TrackingCode, shipment.Fee);
        try
        {
            var status = await carrier.GetStatusAsync(account, booked, ct);
            if (status.Status != ShipmentStatus.Cancelled)
            {
                if (!Shipment.Cancellable.Contains(status.Status))
                {
                    await RecordAsync(db, shipment, status.Status, $"Không huỷ được vận đơn {waybill}: hãng đã nhận hàng ({status.CarrierStatus}); hãy liên hệ hãng để hoàn hàng.", ct);
                    return;
                }
                await carrier.CancelAsync(account, booked, ct);
            }
            await RecordAsync(db, shipment, ShipmentStatus.Cancelled, $"Đã huỷ vận đơn {waybill}.", ct);
        }
        catch (CarrierException e) when (e.Transient && message.Attempt + 1 < MaxAttempts)
        {
            if (message.Attempt == 0) await OrderTimeline.NoteAsync(db, shipment.OrderId, $"{shipment.Carrier} chưa trả lời yêu cầu huỷ vận đơn {shipment.TrackingCode}; SellerHub sẽ thử lại.", ct);
            await bus.ScheduleAsync(message with { Attempt = message.Attempt + 1 }, RetryAfter * (message.Attempt + 1));
        }
        catch (CarrierException e) when (e.Transient)
        {
            await OrderTimeline.NoteAsync(db, shipment.OrderId, $"{shipment.Carrier} không trả lời yêu cầu huỷ vận đơn {shipment.TrackingCode} sau {MaxAttempts} lần thử; hãy huỷ trên trang của hãng.", ct);
        }
        catch (CarrierException e)
        {
            await OrderTimeline.NoteAsync(db, shipment.OrderId, $"{shipment.Carrier} từ chối huỷ vận đơn {shipment.TrackingCode}: {e.Code} — {e.VendorMessage}", ct);
        }
    }

    /// <summary>What the carrier says now, and the note saying it, in one commit: a crash between them would lose the note for good.</summary>
    private static async Task RecordAsync(SellerHubDb db, Shipment shipment, ShipmentStatus status, string note, CancellationToken ct)
    {
        db.Shipments.Attach(shipment);
        shipment.Status = status;
        if (status == ShipmentStatus.Cancelled) shipment.CancelledAt = DateTime.UtcNow;
        db.Add(new OrderEvent { OrderId = shipment.OrderId, Text = note, ActorName = "SellerHub" });
        await db.SaveChangesAsync(ct);
    }
}
