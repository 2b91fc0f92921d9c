namespace SellerHub.Carriers;

public enum CarrierType
{
    Ghn,
    Ghtk,
}

/// <summary>A carrier (hãng vận chuyển), as SellerHub needs it. One adapter per carrier.</summary>
public interface ICarrier
{
    CarrierType Carrier { get; }

    Task<decimal> QuoteFeeAsync(CarrierAccount account, Parcel parcel, CancellationToken ct);

    /// <summary>Creates the waybill; the same idempotency key twice gives the same waybill, not a second one.</summary>
    Task<Waybill> CreateWaybillAsync(CarrierAccount account, Parcel parcel, string idempotencyKey, CancellationToken ct);

    /// <summary>Cancels a waybill; carriers refuse after pickup (<see cref="CarrierException"/>).</summary>
    Task CancelAsync(CarrierAccount account, Waybill waybill, CancellationToken ct);

    Task<byte[]> GetLabelAsync(CarrierAccount account, Waybill waybill, CancellationToken ct);

    Task<WaybillStatus> GetStatusAsync(CarrierAccount account, Waybill waybill, CancellationToken ct);
}

public sealed record CarrierAccount(string Token, string? ShopId, Address PickupAddress, string PickupName, string PickupPhone);

public sealed record Address(string Street, string? Ward, string? District, string Province);

public sealed record Parcel(
    string RecipientName, string RecipientPhone, Address RecipientAddress, int WeightGrams, decimal CodAmount, decimal DeclaredValue,
    IReadOnlyList<ParcelItem> Items, string? Note, bool AllowViewing = true);

public sealed record ParcelItem(string Name, string? Code, int Quantity, decimal Price);

public sealed record Waybill(string IdempotencyKey, string TrackingCode, decimal Fee);

/// <param name="Events">The parcel's history as the carrier reports it, oldest first.</param>
public sealed record WaybillStatus(string CarrierStatus, ShipmentStatus Status, DateTime? UpdatedAt, IReadOnlyList<TrackingEvent> Events);

public sealed record TrackingEvent(DateTime At, string CarrierStatus, ShipmentStatus Status, string? Note);

/// <summary>SellerHub's shipment statuses (product.md: Quản lý vận đơn).</summary>
public enum ShipmentStatus
{
    Created,         // Mới tạo
    FulfilFailed,    // Fulfill thất bại
    Problem,         // Gặp vấn đề
    Processing,      // Đang xử lý
    ReadyToShip,     // Sẵn sàng giao hàng
    HandedOver,      // Đã bàn giao
    Completed,       // Hoàn thành
    Returning,       // Đang hoàn
    Returned,        // Đã hoàn
    Cancelled,       // Đã hủy
}

public sealed class CarrierException(string carrier, string code, string message, bool transient = false)
    : Exception($"{carrier}: {code} — {message}")
{
    public string CarrierName { get; } = carrier;
    public string Code { get; } = code;
    public string VendorMessage { get; } = message;
    public bool Transient { get; } = transient;
}
