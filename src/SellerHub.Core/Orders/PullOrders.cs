using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Orders;

/// <summary>
/// Pulls a shop's orders changed since its last successful pull (with an overlap, so nothing at a
/// window's edge is missed), in the vendor's batches, into <see cref="ImportOrders"/>.
/// </summary>
public static class PullOrders
{
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan FirstPull = TimeSpan.FromDays(3);

    public static async Task<ImportOrders.Result> Handle(Guid shopId, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ViewSettings);
        var shop = await db.Shops.FirstOrDefaultAsync(s => s.Id == shopId, ct) ?? throw new NotFoundException(Messages.ShopNotFound);
        var (adapter, account) = await ConnectAsync(shop, db, channels, protection, ct);

        var now = DateTime.UtcNow;
        var from = (shop.LastOrderPullAt ?? now - FirstPull) - Overlap;
        try
        {
            var changed = await adapter.ListChangedOrdersAsync(account, from, now.AddMinutes(1), ct);
            var orders = await adapter.GetOrdersAsync(account, changed.Select(c => c.OrderId).ToList(), ct);
            var result = await ImportOrders.Handle(shop, orders, db, ct);
            await db.Shops.Where(s => s.Id == shopId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastOrderPullAt, now).SetProperty(x => x.LastSyncAt, now).SetProperty(x => x.LastError, (string?)null), ct);
            return result;
        }
        catch (ChannelException e)
        {
            // The next pull starts from the last success, so an outage loses nothing.
            await ConnectShop.RecordErrorAsync(db, shopId, e, ct);
            throw;
        }
    }

    /// <summary>Fetches the named orders (a webhook said they changed) and imports them like a pull.</summary>
    public static async Task<ImportOrders.Result> FetchAsync(Shop shop, IReadOnlyCollection<string> orderIds, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct)
    {
        var (adapter, account) = await ConnectAsync(shop, db, channels, protection, ct);
        IReadOnlyList<ChannelOrder> orders;
        try
        {
            orders = await adapter.GetOrdersAsync(account, orderIds, ct);
        }
        catch (ChannelException e)
        {
            await ConnectShop.RecordErrorAsync(db, shop.Id, e, ct);
            throw;
        }
        return await ImportOrders.Handle(shop, orders, db, ct);
    }

    internal static async Task<(ISalesChannel, ChannelAccount)> ConnectAsync(Shop shop, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct)
    {
        var adapter = channels.FirstOrDefault(c => c.Channel == shop.Channel) ?? throw BusinessRuleException.For("channel", Messages.ChannelUnknown);
        var setting = await db.ChannelApps.FirstOrDefaultAsync(a => a.Channel == shop.Channel, ct) ?? throw BusinessRuleException.For("channel", Messages.ChannelAppMissing);
        return (adapter, ConnectShop.Account(shop, SaveChannelApp.ToApp(setting, protection), protection, db));
    }
}
