using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Carriers;

/// <summary>Adds a GHN or GHTK account (token encrypted, pickup from one of the workspace's warehouses).</summary>
public static class SaveCarrierConnection
{
    public sealed record Command(CarrierType Carrier, string? Name, string? Token, string? CarrierShopId, Guid? PickupWarehouseId);

    public static async Task<CarrierConnection> Handle(Command c, SellerHubDb db, IDataProtectionProvider protection, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageShops);
        var v = new Validation().Require("name", c.Name, 100).Require("token", c.Token, 500);
        if (!Enum.IsDefined(c.Carrier)) v.Add("carrier", Messages.CarrierUnknown);
        if (c.Carrier == CarrierType.Ghn && string.IsNullOrWhiteSpace(c.CarrierShopId)) v.Add("carrierShopId", Messages.Required);
        if (c.PickupWarehouseId is not { } warehouseId || !await db.Warehouses.AnyAsync(w => w.Id == warehouseId && w.IsActive, ct))
            v.Add("pickupWarehouseId", Messages.WarehouseNotFound);
        v.ThrowIfInvalid();

        var connection = new CarrierConnection
        {
            Carrier = c.Carrier,
            Name = c.Name!.Trim(),
            ProtectedToken = protection.CreateProtector(CarrierConnection.TokenPurpose).Protect(c.Token!.Trim()),
            CarrierShopId = string.IsNullOrWhiteSpace(c.CarrierShopId) ? null : c.CarrierShopId.Trim(),
            PickupWarehouseId = c.PickupWarehouseId!.Value,
            WebhookSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)),
        };
        db.CarrierConnections.Add(connection);
        await db.SaveChangesAsync(ct);
        return connection;
    }
}
