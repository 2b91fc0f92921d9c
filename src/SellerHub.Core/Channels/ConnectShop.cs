using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Channels;

/// <summary>
/// A shop's marketplace tokens: stored encrypted after the seller authorises, read back into a
/// <see cref="ChannelAccount"/> that stores refreshed tokens itself, and the "needs re-authorisation"
/// state when the marketplace stops accepting them.
/// </summary>
public static class ConnectShop
{
    public sealed record Command(Guid ShopId, string MarketplaceShopId, string? ShopCipher, ChannelTokens Tokens);

    public static async Task<Shop> Handle(Command c, SellerHubDb db, IDataProtectionProvider protection, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageShops);
        var shop = await db.Shops.FirstOrDefaultAsync(s => s.Id == c.ShopId, ct) ?? throw new NotFoundException(Messages.ShopNotFound);
        if (await db.Shops.AnyAsync(s => s.Id != shop.Id && s.Channel == shop.Channel && s.MarketplaceShopId == c.MarketplaceShopId, ct))
            throw BusinessRuleException.For("marketplaceShopId", Messages.ShopDuplicate);
        shop.MarketplaceShopId = c.MarketplaceShopId;
        shop.ShopCipher = c.ShopCipher;
        shop.Connection = ShopConnection.Connected;
        shop.LastError = null;
        Store(shop, c.Tokens, protection);
        // The full sync on connect, and the pushes that waited while the shop was not connected, go out with the connection.
        await db.PublishAsync(new Catalog.SyncShopListings(db.CurrentWorkspaceId!.Value, shop.Id));
        await Inventory.ListingPush.RequestAsync(db, [shop.Id], ct);
        await db.SaveChangesAsync(ct);
        return shop;
    }

    public static void Store(Shop shop, ChannelTokens tokens, IDataProtectionProvider protection)
    {
        shop.ProtectedTokens = protection.CreateProtector(Shop.TokensPurpose).Protect(JsonSerializer.Serialize(tokens));
        shop.TokenExpiresAt = tokens.AccessExpiresAt;
        shop.RefreshTokenExpiresAt = tokens.RefreshExpiresAt;
    }

    /// <summary>
    /// The account to call the marketplace as this shop. Refreshed tokens are written to the shop's row
    /// at once, whether or not this copy of the shop is tracked: a refresh token is single-use, losing
    /// the new one loses the shop.
    /// </summary>
    public static ChannelAccount Account(Shop shop, ChannelApp app, IDataProtectionProvider protection, SellerHubDb db)
    {
        if (shop.ProtectedTokens is null || shop.MarketplaceShopId is null) throw new ChannelException(ChannelErrorKind.NeedsReauthorisation, shop.Channel.ToString(), "not_connected", "The shop is not connected.");
        var tokens = JsonSerializer.Deserialize<ChannelTokens>(protection.CreateProtector(Shop.TokensPurpose).Unprotect(shop.ProtectedTokens))!;
        return new ChannelAccount
        {
            App = app, ShopId = shop.Id, MarketplaceShopId = shop.MarketplaceShopId, ShopCipher = shop.ShopCipher, Tokens = tokens,
            TokensRefreshed = async (fresh, ct) =>
            {
                Store(shop, fresh, protection);
                await db.Shops.Where(s => s.Id == shop.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ProtectedTokens, shop.ProtectedTokens)
                    .SetProperty(x => x.TokenExpiresAt, shop.TokenExpiresAt).SetProperty(x => x.RefreshTokenExpiresAt, shop.RefreshTokenExpiresAt), ct);
            },
        };
    }

    /// <summary>
    /// True when a marketplace error means the shop's authorisation is gone: the refresh token was
    /// refused (revoked, lapsed), or the access token was still refused after one refresh.
    /// </summary>
    public static bool LostAuthorisation(ChannelException error) =>
        error.Kind is ChannelErrorKind.NeedsReauthorisation or ChannelErrorKind.Unauthorized;

    /// <summary>
    /// Keeps a marketplace error on the shop, and marks it "needs re-authorisation" when the error says
    /// so. Every path that calls a marketplace as a shop (pull, push-triggered fetch, check, listings,
    /// stock, order decisions) records its errors here, so the warning never depends on which path
    /// met the revoked token first. Written directly: the caller's change tracker may hold a stale or
    /// untracked copy of the shop.
    /// </summary>
    public static async Task<string> RecordErrorAsync(SellerHubDb db, Guid shopId, ChannelException error, CancellationToken ct)
    {
        var text = $"{error.Code}: {error.VendorMessage}";
        if (text.Length > 500) text = text[..500];
        if (LostAuthorisation(error)) await MarkNeedsReauthorisationAsync(db, shopId, text, ct);
        else await db.Shops.Where(s => s.Id == shopId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastError, text), ct);
        return text;
    }

    /// <summary>The marketplace no longer accepts the shop's tokens (or said it will not for long): the seller must authorise again.</summary>
    public static Task MarkNeedsReauthorisationAsync(SellerHubDb db, Guid shopId, string reason, CancellationToken ct) =>
        db.Shops.Where(s => s.Id == shopId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Connection, ShopConnection.NeedsReauthorisation).SetProperty(x => x.LastError, reason), ct);

    /// <summary>Warn this many days before a marketplace authorisation lapses.</summary>
    public static readonly TimeSpan WarnBefore = TimeSpan.FromDays(7);

    /// <summary>
    /// What the seller must act on about the shop's authorisation, if anything: the shops page shows it,
    /// GET /api/v1/shops returns it, and alerts read it from here.
    /// </summary>
    public static ShopWarning? Warning(Shop shop, DateTime now) =>
        !shop.IsActive ? null
        : shop.Connection == ShopConnection.NeedsReauthorisation ? ShopWarning.NeedsReauthorisation
        : shop.Connection == ShopConnection.Connected && shop.RefreshTokenExpiresAt is { } lapse && lapse - now < WarnBefore ? ShopWarning.AuthorisationExpiring
        : null;

    public static bool NeedsAttention(Shop shop, DateTime now) => Warning(shop, now) is not null;
}

public enum ShopWarning
{
    /// <summary>The marketplace no longer accepts the shop's tokens: no order comes in until the seller reconnects.</summary>
    NeedsReauthorisation,
    /// <summary>The authorisation lapses within <see cref="ConnectShop.WarnBefore"/>.</summary>
    AuthorisationExpiring,
}
