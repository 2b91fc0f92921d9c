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
    /// The account to call the marketplace as this shop. Refreshed tokens are written back through
    /// <paramref name="save"/> at once: a refresh token is single-use, losing the new one loses the shop.
    /// </summary>
    public static ChannelAccount Account(Shop shop, ChannelApp app, IDataProtectionProvider protection, Func<Shop, Task> save)
    {
        if (shop.ProtectedTokens is null || shop.MarketplaceShopId is null) throw new ChannelException(ChannelErrorKind.NeedsReauthorisation, shop.Channel.ToString(), "not_connected", "The shop is not connected.");
        var tokens = JsonSerializer.Deserialize<ChannelTokens>(protection.CreateProtector(Shop.TokensPurpose).Unprotect(shop.ProtectedTokens))!;
        return new ChannelAccount
        {
            App = app, ShopId = shop.Id, MarketplaceShopId = shop.MarketplaceShopId, ShopCipher = shop.ShopCipher, Tokens = tokens,
            TokensRefreshed = async (fresh, _) =>
            {
                Store(shop, fresh, protection);
                await save(shop);
            },
        };
    }

    /// <summary>Marks a shop whose authorisation the marketplace no longer accepts; the shops page and alerts show it.</summary>
    public static void NeedsReauthorisation(Shop shop, ChannelException error)
    {
        shop.Connection = ShopConnection.NeedsReauthorisation;
        shop.LastError = $"{error.Code}: {error.VendorMessage}";
    }

    /// <summary>Warn this many days before a marketplace authorisation lapses.</summary>
    public static readonly TimeSpan WarnBefore = TimeSpan.FromDays(7);

    public static bool NeedsAttention(Shop shop, DateTime now) =>
        shop.IsActive && (shop.Connection == ShopConnection.NeedsReauthorisation
            || (shop.Connection == ShopConnection.Connected && shop.RefreshTokenExpiresAt is { } lapse && lapse - now < WarnBefore));
}
