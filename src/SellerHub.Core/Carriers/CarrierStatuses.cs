namespace SellerHub.Carriers;

/// <summary>
/// Every carrier status onto SellerHub's shipment statuses, one table per carrier (a test per row).
/// Parcels the carrier has taken count as handed over; anything that stops delivery is a problem.
/// </summary>
public static class CarrierStatuses
{
    public static readonly IReadOnlyDictionary<string, ShipmentStatus> Ghn = new Dictionary<string, ShipmentStatus>
    {
        ["ready_to_pick"] = ShipmentStatus.Created,
        ["picking"] = ShipmentStatus.Created,
        ["money_collect_picking"] = ShipmentStatus.Created,
        ["picked"] = ShipmentStatus.HandedOver,
        ["storing"] = ShipmentStatus.HandedOver,
        ["transporting"] = ShipmentStatus.HandedOver,
        ["sorting"] = ShipmentStatus.HandedOver,
        ["delivering"] = ShipmentStatus.HandedOver,
        ["money_collect_delivering"] = ShipmentStatus.HandedOver,
        ["delivered"] = ShipmentStatus.Completed,
        ["delivery_fail"] = ShipmentStatus.Problem,
        ["waiting_to_return"] = ShipmentStatus.Returning,
        ["return"] = ShipmentStatus.Returning,
        ["return_transporting"] = ShipmentStatus.Returning,
        ["return_sorting"] = ShipmentStatus.Returning,
        ["returning"] = ShipmentStatus.Returning,
        ["return_fail"] = ShipmentStatus.Problem,
        ["returned"] = ShipmentStatus.Returned,
        ["cancel"] = ShipmentStatus.Cancelled,
        ["exception"] = ShipmentStatus.Problem,
        ["damage"] = ShipmentStatus.Problem,
        ["lost"] = ShipmentStatus.Problem,
    };

    public static readonly IReadOnlyDictionary<string, ShipmentStatus> Ghtk = new Dictionary<string, ShipmentStatus>
    {
        ["-1"] = ShipmentStatus.Cancelled,
        ["1"] = ShipmentStatus.Created,
        ["2"] = ShipmentStatus.Created,
        ["12"] = ShipmentStatus.Created,
        ["8"] = ShipmentStatus.Created,      // pickup delayed: still waiting for the carrier
        ["7"] = ShipmentStatus.Problem,      // pickup failed
        ["3"] = ShipmentStatus.HandedOver,
        ["4"] = ShipmentStatus.HandedOver,
        ["10"] = ShipmentStatus.HandedOver,  // delivery delayed
        ["5"] = ShipmentStatus.Completed,
        ["6"] = ShipmentStatus.Completed,
        ["9"] = ShipmentStatus.Problem,      // delivery failed
        ["13"] = ShipmentStatus.Problem,     // compensation
        ["20"] = ShipmentStatus.Returning,
        ["11"] = ShipmentStatus.Returned,
        ["21"] = ShipmentStatus.Returned,
    };

    /// <summary>Unknown statuses are problems to look at, never silently "fine".</summary>
    public static ShipmentStatus Map(CarrierType carrier, string status) =>
        (carrier == CarrierType.Ghn ? Ghn : Ghtk).TryGetValue(status, out var mapped) ? mapped : ShipmentStatus.Problem;
}
