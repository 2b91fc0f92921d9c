using Microsoft.AspNetCore.DataProtection;
using SellerHub.Addresses;
using SellerHub.Inventory;
using SellerHub.Persistence;

namespace SellerHub.Carriers;

/// <summary>A workspace's account with a carrier: its token, its shop id, where parcels are picked up.</summary>
public sealed class CarrierConnection : ITenantOwned, IAuditedSetting
{
    public const string TokenPurpose = "SellerHub.Carrier.Token.v1";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public CarrierType Carrier { get; init; }
    public required string Name { get; set; }
    [Secret] public required string ProtectedToken { get; set; }
    /// <summary>GHN's ShopId header; GHTK has none.</summary>
    public string? CarrierShopId { get; set; }
    public Guid PickupWarehouseId { get; set; }
    /// <summary>The secret in the webhook URL we give the carrier (/webhooks/ghn/{secret}, /webhooks/ghtk?hash=).</summary>
    [Secret] public required string WebhookSecret { get; init; }
    public bool IsActive { get; set; } = true;

    /// <summary>What the carrier adapters need to act for this account: the token, and where parcels are picked up.</summary>
    public CarrierAccount Account(Warehouse pickup, IDataProtectionProvider protection)
    {
        var ward = AdministrativeUnits.FindWard(pickup.WardCode)?.FullName;
        var province = AdministrativeUnits.FindProvince(pickup.ProvinceCode)?.FullName ?? "";
        return new CarrierAccount(protection.CreateProtector(TokenPurpose).Unprotect(ProtectedToken), CarrierShopId,
            new Address(pickup.Address, ward, null, province), pickup.Name, VietnamesePhone.Check(pickup.Phone).National ?? pickup.Phone);
    }
}
