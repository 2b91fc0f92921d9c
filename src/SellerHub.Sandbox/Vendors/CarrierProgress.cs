using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Vendors;

/// <summary>How a carrier's parcel moves on with sandbox time, in the carrier's own status words.</summary>
public static class CarrierProgress
{
    /// <summary>GHN's full status list (api-specs 4.4).</summary>
    public static readonly string[] GhnStatuses =
    [
        "ready_to_pick", "picking", "money_collect_picking", "picked", "storing", "transporting", "sorting", "delivering",
        "money_collect_delivering", "delivered", "delivery_fail", "waiting_to_return", "return", "return_transporting",
        "return_sorting", "returning", "return_fail", "returned", "cancel", "exception", "damage", "lost",
    ];

    /// <summary>GHTK's order states (api-specs 5.4); the shipper's reports (123, 127, 128, 45, 49, 410) are not states a parcel stays in.</summary>
    public static readonly string[] GhtkStatuses = ["-1", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "20", "21"];

    public static bool IsStatusOf(Vendor carrier, string status) => (carrier == Vendor.Ghn ? GhnStatuses : GhtkStatuses).Contains(status);

    private static readonly TimeSpan Step = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan OnTheRoad = TimeSpan.FromHours(12);

    public static void Advance(CarrierShipment parcel, DateTime now, SandboxWorld world, Webhooks hooks)
    {
        var age = now - parcel.UpdatedAt;
        var next = parcel.Carrier == Vendor.Ghn ? NextGhn(parcel, age) : NextGhtk(parcel, age);
        if (next is null) return;
        Set(parcel, next, now, world, hooks);
    }

    public static void Set(CarrierShipment parcel, string status, DateTime now, SandboxWorld world, Webhooks hooks)
    {
        parcel.Status = status;
        parcel.UpdatedAt = now;
        parcel.Log.Add((now, status));
        if (parcel.Carrier == Vendor.Ghn) GhnApi.Push(parcel, world, hooks);
        else GhtkApi.Push(parcel, world, hooks);
    }

    private static string? NextGhn(CarrierShipment p, TimeSpan age) => p.Status switch
    {
        "ready_to_pick" when age > Step => p.RefusePickup ? "cancel" : "picking",
        "picking" when age > Step => "picked",
        "picked" when age > Step => "storing",
        "storing" when age > Step => "transporting",
        "transporting" when age > OnTheRoad => "delivering",
        "delivering" when age > Step => p.FailDelivery ? "delivery_fail" : "delivered",
        "delivery_fail" when age > Step => "waiting_to_return",
        "waiting_to_return" when age > Step => "return",
        "return" when age > OnTheRoad => "returned",
        _ => null,
    };

    private static string? NextGhtk(CarrierShipment p, TimeSpan age) => p.Status switch
    {
        "1" or "2" when age > Step => "12",
        "12" when age > Step => p.RefusePickup ? "7" : "3",
        "3" when age > OnTheRoad => "4",
        "4" when age > Step => p.FailDelivery ? "9" : "5",
        "9" when age > Step => "20",
        "20" when age > OnTheRoad => "21",
        _ => null,
    };
}
