using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SellerHub.Addresses;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Inventory;

/// <summary>Creates a warehouse, or edits one when an id is given.</summary>
public static partial class SaveWarehouse
{
    public sealed record Command(
        Guid? Id, string? Code, string? Name, string? Phone, string? Address, string? ProvinceCode, string? WardCode,
        bool IsActive = true);

    public static async Task<Warehouse> Handle(Command c, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageWarehouses);
        var code = c.Code?.Trim().ToUpperInvariant();
        var phone = VietnamesePhone.Check(c.Phone);

        var v = new Validation()
            .Require("code", code, 32)
            .Require("name", c.Name)
            .Require("address", c.Address, 300);
        if (code is { Length: > 0 } && !CodePattern().IsMatch(code)) v.Add("code", Messages.WarehouseCodeFormat);
        if (phone.Check != PhoneCheck.Valid) v.Add("phone", Messages.PhoneInvalid);
        if (AdministrativeUnits.FindProvince(c.ProvinceCode) is null) v.Add("provinceCode", Messages.ProvinceUnknown);
        else if (AdministrativeUnits.FindWard(c.WardCode) is not { } ward) v.Add("wardCode", Messages.WardUnknown);
        else if (ward.ProvinceCode != c.ProvinceCode) v.Add("wardCode", Messages.WardNotInProvince);
        if (code is { Length: > 0 } && await db.Warehouses.AnyAsync(w => w.Code == code && w.Id != c.Id, ct))
            v.Add("code", string.Format(Messages.WarehouseCodeTaken, code));

        Warehouse? warehouse = null;
        if (c.Id is { } id && (warehouse = await db.Warehouses.FirstOrDefaultAsync(w => w.Id == id, ct)) is null)
            throw new NotFoundException(Messages.WarehouseNotFound);
        if (warehouse is { IsActive: true } && !c.IsActive
            && await db.Shops.AnyAsync(s => s.IsActive && s.DefaultWarehouseId == warehouse.Id, ct))
            v.Add("isActive", Messages.WarehouseUsedByActiveShop);
        v.ThrowIfInvalid();

        if (warehouse is null)
        {
            warehouse = new Warehouse { Code = code!, Name = "", Phone = "", Address = "", ProvinceCode = "", WardCode = "" };
            db.Warehouses.Add(warehouse);
        }
        warehouse.Code = code!;
        warehouse.Name = c.Name!.Trim();
        warehouse.Phone = phone.E164!;
        warehouse.Address = c.Address!.Trim();
        warehouse.ProvinceCode = c.ProvinceCode!;
        warehouse.WardCode = c.WardCode!;
        warehouse.IsActive = c.IsActive;

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            throw BusinessRuleException.For("code", string.Format(Messages.WarehouseCodeTaken, code));
        }
        return warehouse;
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_-]*$")]
    private static partial Regex CodePattern();
}
