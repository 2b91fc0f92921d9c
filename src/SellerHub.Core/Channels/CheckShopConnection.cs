using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Channels;

/// <summary>
/// Asks the marketplace for the shop's last hour of orders: proves the connection works (last
/// sync), stores refreshed tokens, and marks the shop when the marketplace wants a new authorisation.
/// </summary>
public static class CheckShopConnection
{
    public sealed record Result(bool Connected, int RecentOrders, string? Error);

    public static async Task<Result> Handle(Guid shopId, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, TimeProvider clock, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ViewSettings);
        var shop = await db.Shops.FirstOrDefaultAsync(s => s.Id == shopId, ct) ?? throw new NotFoundException(Messages.ShopNotFound);
        var adapter = channels.FirstOrDefault(c => c.Channel == shop.Channel) ?? throw BusinessRuleException.For("channel", Messages.ChannelUnknown);
        var setting = await db.ChannelApps.FirstOrDefaultAsync(a => a.Channel == shop.Channel, ct) ?? throw BusinessRuleException.For("channel", Messages.ChannelAppMissing);

        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            var account = ConnectShop.Account(shop, SaveChannelApp.ToApp(setting, protection), protection, db);
            var recent = await adapter.ListChangedOrdersAsync(account, now.AddHours(-1), now, ct);
            shop.Connection = ShopConnection.Connected;
            shop.LastSyncAt = now;
            shop.LastError = null;
            await db.SaveChangesAsync(ct);
            return new Result(true, recent.Count, null);
        }
        catch (ChannelException e)
        {
            return new Result(false, 0, await ConnectShop.RecordErrorAsync(db, shop.Id, e, ct));
        }
    }
}
