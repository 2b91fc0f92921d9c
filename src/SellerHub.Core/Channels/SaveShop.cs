using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Channels;

/// <summary>Creates a shop, or edits one when an id is given (including deactivating it).</summary>
public static class SaveShop
{
    /// <param name="Credentials">Plain credentials to store encrypted; null keeps what is stored.</param>
    public sealed record Command(
        Guid? Id, ChannelType Channel, string? Name, string? MarketplaceShopId, string? Region,
        Guid? DefaultWarehouseId, bool IsActive, string? Credentials = null, decimal? PushRatio = null);

    public static async Task<Shop> Handle(
        Command c, SellerHubDb db, IDataProtectionProvider protection, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageShops);
        var marketplaceId = string.IsNullOrWhiteSpace(c.MarketplaceShopId) ? null : c.MarketplaceShopId.Trim();
        var v = new Validation().Require("name", c.Name).Require("region", c.Region ?? "VN", 8);
        if (!Enum.IsDefined(c.Channel)) v.Add("channel", Messages.ChannelUnknown);
        if (marketplaceId?.Length > 64) v.Add("marketplaceShopId", string.Format(Messages.TooLong, 64));
        if (c.PushRatio is < 0 or > 1) v.Add("pushRatio", Messages.PushRatioRange);

        if (c.DefaultWarehouseId is { } warehouseId)
        {
            var warehouse = await db.Warehouses.FirstOrDefaultAsync(w => w.Id == warehouseId, ct);
            if (warehouse is null) v.Add("defaultWarehouseId", Messages.WarehouseNotFound);
            else if (c.IsActive && !warehouse.IsActive) v.Add("defaultWarehouseId", Messages.ShopWarehouseInactive);
        }
        else if (c.IsActive)
        {
            v.Add("defaultWarehouseId", Messages.ShopNeedsWarehouse);
        }
        if (marketplaceId is not null
            && await db.Shops.AnyAsync(s => s.Channel == c.Channel && s.MarketplaceShopId == marketplaceId && s.Id != c.Id, ct))
            v.Add("marketplaceShopId", Messages.ShopDuplicate);

        Shop? shop = null;
        if (c.Id is { } id && (shop = await db.Shops.FirstOrDefaultAsync(s => s.Id == id, ct)) is null)
            throw new NotFoundException(Messages.ShopNotFound);
        v.ThrowIfInvalid();

        if (shop is null)
        {
            shop = new Shop { Name = "" };
            db.Shops.Add(shop);
        }
        // What the shop's listings show depends on these: a change re-pushes every one of them. A shop turned back on
        // has missed every push while it was off.
        var repush = c.Id is not null && (shop.DefaultWarehouseId != c.DefaultWarehouseId || c.PushRatio is { } newRatio && newRatio != shop.PushRatio
            || c.IsActive && !shop.IsActive);
        shop.Channel = c.Channel;
        shop.Name = c.Name!.Trim();
        shop.MarketplaceShopId = marketplaceId;
        shop.Region = (c.Region ?? "VN").Trim().ToUpperInvariant();
        shop.DefaultWarehouseId = c.DefaultWarehouseId;
        shop.IsActive = c.IsActive;
        if (c.PushRatio is { } ratio) shop.PushRatio = ratio;
        if (c.Credentials is not null)
            shop.ProtectedCredentials = protection.CreateProtector(Shop.CredentialsPurpose).Protect(c.Credentials);

        try
        {
            if (repush)
                await db.InTransactionAsync(async () =>
                {
                    // The shop's row first, then its listings: the order a listing sync takes them in.
                    await db.SaveChangesAsync(ct);
                    await Inventory.ListingPush.MarkShopDirtyAsync(db, shop.Id, ct);
                    await db.SaveChangesAsync(ct);
                }, ct);
            else await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            throw BusinessRuleException.For("marketplaceShopId", Messages.ShopDuplicate);
        }
        return shop;
    }

    /// <summary>The stored credentials in plain text, for the adapters that need them.</summary>
    public static string? ReadCredentials(Shop shop, IDataProtectionProvider protection) =>
        shop.ProtectedCredentials is null ? null : protection.CreateProtector(Shop.CredentialsPurpose).Unprotect(shop.ProtectedCredentials);
}
