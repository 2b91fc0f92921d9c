using SellerHub.Sandbox.Vendors;

namespace SellerHub.Sandbox.World;

/// <summary>
/// The world's heartbeat: new orders at each shop's rate, and the marketplace's and carriers'
/// parcels moving on as sandbox time passes (picked up, delivered, failed, returned).
/// </summary>
public sealed class Ticker(SandboxWorld world, Webhooks hooks) : BackgroundService
{
    public static readonly TimeSpan PickupAfter = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DeliverAfter = TimeSpan.FromHours(24);
    public static readonly TimeSpan CompleteAfter = TimeSpan.FromDays(3);
    public static readonly TimeSpan ReturnAfter = TimeSpan.FromDays(2);

    private readonly Dictionary<SandboxShop, double> _owed = [];
    private DateTime _last = DateTime.UtcNow;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(stop)) Tick();
    }

    public void Tick()
    {
        lock (world.Sync)
        {
            var now = world.Clock.Now;
            var elapsedMinutes = (DateTime.UtcNow - _last).TotalMinutes;
            _last = DateTime.UtcNow;
            foreach (var shop in world.Shops)
            {
                _owed[shop] = _owed.GetValueOrDefault(shop) + shop.OrdersPerMinute * elapsedMinutes;
                for (; _owed[shop] >= 1; _owed[shop]--)
                    OrderEvents.Changed(world.AddOrder(world.Generator.NewOrder(shop, now, world)), world, hooks);

                foreach (var order in shop.Orders.ToList())
                {
                    var age = now - order.UpdateTime;
                    OrderState? next = order.State switch
                    {
                        OrderState.Processed when age > PickupAfter && (order.Shop.Vendor != Vendor.Lazada || order.MarkedReady) => Pickup(order),
                        OrderState.Shipped when age > DeliverAfter => order.FailDelivery ? OrderState.ToReturn : OrderState.Delivered,
                        OrderState.Delivered when age > CompleteAfter => OrderState.Completed,
                        OrderState.ToReturn when age > ReturnAfter => OrderState.Returned,
                        _ => null,
                    };
                    if (next is null) continue;
                    if (next == OrderState.RetryShip) order.RefusePickup = false; // the carrier comes again once re-arranged
                    world.Touch(order, next.Value);
                    OrderEvents.Changed(order, world, hooks);
                }
            }
            foreach (var parcel in world.Shipments) CarrierProgress.Advance(parcel, now, world, hooks);
        }
    }

    /// <summary>
    /// The carrier comes for an arranged order (at Lazada only once it is ready to ship). A refused pickup
    /// is RETRY_SHIP at Shopee; Lazada and TikTok have no such order status, so there the order keeps
    /// waiting for a carrier that does not come.
    /// </summary>
    private static OrderState? Pickup(SandboxOrder order) =>
        !order.RefusePickup ? OrderState.Shipped : order.Shop.Vendor == Vendor.Shopee ? OrderState.RetryShip : null;
}
