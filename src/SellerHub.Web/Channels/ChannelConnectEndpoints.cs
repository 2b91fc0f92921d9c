using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Channels;
using SellerHub.Integrations.Lazada;
using SellerHub.Integrations.Shopee;
using SellerHub.Integrations.TikTokShop;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Channels;

/// <summary>
/// "Kết nối Shopee/Lazada/TikTok Shop": sends the seller to the marketplace's consent page and
/// takes the callback, exchanging the code for tokens stored encrypted on the shop. The state
/// parameter is protected and short-lived, so a callback cannot be forged or replayed for another shop.
/// </summary>
public static class ChannelConnectEndpoints
{
    private const string StatePurpose = "SellerHub.Channels.Connect.v1";

    public static void MapChannelConnect(this WebApplication app)
    {
        var g = app.MapGroup("/channels/{channel}").RequireAuthorization().ExcludeFromDescription();

        g.MapGet("/connect", async (ChannelType channel, Guid shop, HttpContext http, SellerHubDb db, IDataProtectionProvider protection,
            ShopeeChannel shopee, LazadaChannel lazada, TikTokShopChannel tiktok) =>
        {
            db.Actor.Demand(Permission.ManageShops);
            var target = await db.Shops.FirstOrDefaultAsync(s => s.Id == shop && s.Channel == channel);
            var setting = await db.ChannelApps.FirstOrDefaultAsync(a => a.Channel == channel);
            if (target is null) return Results.NotFound();
            if (setting is null) return Results.LocalRedirect("/shops?error=app-missing");
            var state = protection.CreateProtector(StatePurpose).ToTimeLimitedDataProtector()
                .Protect($"{db.CurrentWorkspaceId}|{target.Id}", TimeSpan.FromMinutes(15));
            var callback = $"{http.Request.Scheme}://{http.Request.Host}/channels/{channel}/callback";
            var appKeys = SaveChannelApp.ToApp(setting, protection);
            return Results.Redirect(channel switch
            {
                // Shopee returns no state: the shop travels in the redirect URL itself.
                ChannelType.Shopee => shopee.AuthorizationUrl(appKeys, $"{callback}?state={Uri.EscapeDataString(state)}"),
                ChannelType.Lazada => lazada.AuthorizationUrl(appKeys, callback, state),
                _ => tiktok.AuthorizationUrl(appKeys, setting.ServiceId ?? "", callback, state),
            });
        });

        g.MapGet("/callback", async (ChannelType channel, string? code, string? state, string? shop_id, SellerHubDb db,
            IDataProtectionProvider protection, ShopeeChannel shopee, LazadaChannel lazada, TikTokShopChannel tiktok, CancellationToken ct) =>
        {
            string[] parts;
            try { parts = protection.CreateProtector(StatePurpose).ToTimeLimitedDataProtector().Unprotect(state ?? "").Split('|'); }
            catch (System.Security.Cryptography.CryptographicException) { return Results.LocalRedirect("/shops?error=state"); }
            if (parts[0] != db.CurrentWorkspaceId.ToString() || string.IsNullOrEmpty(code)) return Results.LocalRedirect("/shops?error=state");

            var setting = await db.ChannelApps.SingleAsync(a => a.Channel == channel, ct);
            var appKeys = SaveChannelApp.ToApp(setting, protection);
            try
            {
                var (tokens, marketplaceId, cipher) = channel switch
                {
                    ChannelType.Shopee => (await shopee.ExchangeCodeAsync(appKeys, code, shop_id ?? "", ct), shop_id ?? "", (string?)null),
                    ChannelType.Lazada => await Lazada(lazada, appKeys, code, ct),
                    _ => await tiktok.ExchangeCodeAsync(appKeys, code, ct),
                };
                await ConnectShop.Handle(new ConnectShop.Command(Guid.Parse(parts[1]), marketplaceId, cipher, tokens), db, protection, ct);
                return Results.LocalRedirect("/shops?connected=" + parts[1]);
            }
            catch (ChannelException e)
            {
                return Results.LocalRedirect("/shops?error=" + Uri.EscapeDataString(e.VendorMessage));
            }
        });
    }

    private static async Task<(ChannelTokens, string, string?)> Lazada(LazadaChannel lazada, ChannelApp app, string code, CancellationToken ct)
    {
        var (tokens, seller) = await lazada.ExchangeCodeAsync(app, code, ct);
        return (tokens, seller, null);
    }
}
