using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection;
using SellerHub.Orders;
using SellerHub.Persistence;
using SellerHub.Workspaces;
using Wolverine.Attributes;

namespace SellerHub.Channels;

/// <summary>
/// Acts on a stored push. Authorisation events (Shopee codes 2 and 12, TikTok types 6 and 7) mark
/// the shop at once, since sellers lose orders when tokens lapse silently. Order events fetch the
/// order and import it exactly as a pull would (so a push, a pull and a repeat all land on one row).
/// Product status events (Shopee 6 banned item and 16 item violation, TikTok 5) queue an incremental
/// listing sync of the shop. Tracking and carrier events stay pending (ProcessedAt empty) for the fulfilment features.
/// </summary>
public static class WebhookReceivedHandler
{
    [NonTransactional] // the import commits order by order, with its reservations
    public static async Task Handle(WebhookReceived message, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct)
    {
        var stored = await db.WebhookEvents.FirstOrDefaultAsync(e => e.Id == message.EventId, ct);
        if (stored is null || stored.ProcessedAt is not null || stored.WorkspaceId is null) return;
        if (ChangedOrderId(message.Source, stored.Body) is { } changed)
        {
            ((CurrentActor)db.Actor).Set(stored.WorkspaceId, StaffRole.Owner, "SellerHub");
            var orderShop = await db.Shops.FirstOrDefaultAsync(s => s.Channel == changed.Channel && s.MarketplaceShopId == stored.ExternalShopId
                && s.IsActive && s.Connection == ShopConnection.Connected, ct);
            if (orderShop is not null) await PullOrders.FetchAsync(orderShop, [changed.OrderId], db, channels, protection, ct);
            await db.WebhookEvents.Where(e => e.Id == stored.Id).ExecuteUpdateAsync(e => e.SetProperty(x => x.ProcessedAt, DateTime.UtcNow), ct);
            return;
        }
        if (ListingStatusChanged(message.Source, stored.Body) is { } listingChannel)
        {
            var listingShop = await db.Shops.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.WorkspaceId == stored.WorkspaceId && s.Channel == listingChannel
                && s.MarketplaceShopId == stored.ExternalShopId && s.IsActive && s.Connection == ShopConnection.Connected, ct);
            // The push names one item, but reading what changed since the last sync also brings anything a lost push missed.
            if (listingShop is not null) await db.PublishAsync(new Catalog.SyncChangedListings(listingShop.WorkspaceId, listingShop.Id));
            stored.ProcessedAt = DateTime.UtcNow;
            await db.SaveChangesAsync(ct);
            return;
        }
        // Shopee 2 / TikTok 6: the authorisation is gone. Shopee 12 / TikTok 7: it lapses soon (Shopee says when; seven
        // days ahead, as Shopee pushes it, when the push does not) — a warning, the tokens still work until then.
        var json = JsonNode.Parse(stored.Body);
        var (channel, lost, lapsing) = message.Source switch
        {
            "Shopee" => (ChannelType.Shopee, json?["code"]?.GetValue<int>() is 2, json?["code"]?.GetValue<int>() is 12),
            "TikTokShop" => (ChannelType.TikTokShop, json?["type"]?.GetValue<int>() is 6, json?["type"]?.GetValue<int>() is 7),
            _ => (default(ChannelType?), false, false),
        };
        if (!lost && !lapsing) return;

        ((CurrentActor)db.Actor).Set(stored.WorkspaceId, StaffRole.Owner, "SellerHub");
        var shopId = await db.Shops.Where(s => s.Channel == channel && s.MarketplaceShopId == stored.ExternalShopId).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        if (shopId is { } id && lost) await ConnectShop.MarkNeedsReauthorisationAsync(db, id, Messages.ShopAuthorisationLostPush, ct);
        if (shopId is { } lapsingId && lapsing)
        {
            var lapse = json?["data"]?["expire_time"]?.GetValue<long>() is { } at ? DateTimeOffset.FromUnixTimeSeconds(at).UtcDateTime : DateTime.UtcNow + ConnectShop.WarnBefore;
            await db.Shops.Where(s => s.Id == lapsingId && (s.RefreshTokenExpiresAt == null || s.RefreshTokenExpiresAt > lapse))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RefreshTokenExpiresAt, lapse), ct);
        }
        stored.ProcessedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The channel of a push saying an item's status changed: Shopee 6 (banned_item_push) and 16 (violation_item_push,
    /// which Shopee offers in its place), TikTok 5. Lazada documents no product push: its shops rely on the scheduled sync.
    /// </summary>
    private static ChannelType? ListingStatusChanged(string source, string body) =>
        (source, JsonNode.Parse(body)) switch
        {
            ("Shopee", var json) when json?["code"]?.GetValue<int>() is 6 or 16 => ChannelType.Shopee,
            ("TikTokShop", var json) when json?["type"]?.GetValue<int>() == 5 => ChannelType.TikTokShop,
            _ => null,
        };

    /// <summary>The order an order-status or cancellation push is about (Shopee code 3, Lazada 0/10, TikTok 1/11).</summary>
    private static (ChannelType Channel, string OrderId)? ChangedOrderId(string source, string body)
    {
        var json = JsonNode.Parse(body);
        var data = json?["data"];
        var found = source switch
        {
            "Shopee" when json?["code"]?.GetValue<int>() == 3 => (ChannelType.Shopee, data?["ordersn"]?.ToString()),
            "Lazada" when json?["message_type"]?.GetValue<int>() is 0 or 10 => (ChannelType.Lazada, data?["trade_order_id"]?.ToString()),
            "TikTokShop" when json?["type"]?.GetValue<int>() is 1 or 11 => (ChannelType.TikTokShop, data?["order_id"]?.ToString()),
            _ => (default(ChannelType), null),
        };
        return string.IsNullOrEmpty(found.Item2) ? null : (found.Item1, found.Item2);
    }
}
