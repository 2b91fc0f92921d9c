using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SellerHub.Persistence;

namespace SellerHub.Channels;

/// <summary>
/// Acts on a stored push. Authorisation events (Shopee codes 2 and 12, TikTok types 6 and 7) mark
/// the shop at once, since sellers lose orders when tokens lapse silently. Order, tracking and
/// carrier events stay pending (ProcessedAt empty) for the order-sync and fulfilment features.
/// </summary>
public static class WebhookReceivedHandler
{
    public static async Task Handle(WebhookReceived message, SellerHubDb db, CancellationToken ct)
    {
        var stored = await db.WebhookEvents.FirstOrDefaultAsync(e => e.Id == message.EventId, ct);
        if (stored is null || stored.ProcessedAt is not null || stored.WorkspaceId is null) return;
        var (channel, lostAuthorisation) = message.Source switch
        {
            "Shopee" => (ChannelType.Shopee, JsonNode.Parse(stored.Body)?["code"]?.GetValue<int>() is 2 or 12),
            "TikTokShop" => (ChannelType.TikTokShop, JsonNode.Parse(stored.Body)?["type"]?.GetValue<int>() is 6 or 7),
            _ => (default(ChannelType?), false),
        };
        if (!lostAuthorisation) return;

        var shop = await db.Shops.IgnoreQueryFilters()
            .FirstOrDefaultAsync(s => s.WorkspaceId == stored.WorkspaceId && s.Channel == channel && s.MarketplaceShopId == stored.ExternalShopId, ct);
        if (shop is not null)
        {
            shop.Connection = ShopConnection.NeedsReauthorisation;
            shop.LastError = "Sàn báo quyền truy cập sắp hết hạn hoặc đã bị thu hồi: hãy kết nối lại gian hàng.";
        }
        stored.ProcessedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }
}
