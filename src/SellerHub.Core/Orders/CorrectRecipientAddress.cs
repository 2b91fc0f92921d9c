using Microsoft.EntityFrameworkCore;
using SellerHub.Addresses;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Orders;

/// <summary>
/// Staff confirm or correct the recipient's address (a split old ward, a name SellerHub could not
/// place): the 2025 province and ward are set, later channel updates no longer override them, and the
/// warnings are recomputed at once.
/// </summary>
public static class CorrectRecipientAddress
{
    public sealed record Command(string? Street, string? ProvinceCode, string? WardCode);

    public static async Task Handle(Guid orderId, Command c, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageOrders);
        var v = new Validation().Require("street", c.Street, 300);
        var province = AdministrativeUnits.FindProvince(c.ProvinceCode);
        var ward = AdministrativeUnits.FindWard(c.WardCode);
        if (province is null) v.Add("provinceCode", Messages.ProvinceUnknown);
        else if (ward is null) v.Add("wardCode", Messages.WardUnknown);
        else if (ward.ProvinceCode != province.Code) v.Add("wardCode", Messages.WardNotInProvince);
        v.ThrowIfInvalid();
        var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, ct) ?? throw new NotFoundException(Messages.OrderNotFound);
        if (!OrderList.Open.Contains(order.Status)) throw BusinessRuleException.For("status", string.Format(Messages.AddressFixedAfterApproval, OrderTransitions.Name(order.Status)));

        order.RecipientAddress = $"{c.Street!.Trim()}, {ward!.FullName}, {province!.FullName}";
        order.RecipientProvinceCode = province.Code;
        order.RecipientWardCode = ward.Code;
        order.AddressReview = null;
        order.AddressCandidates = null;
        order.AddressConfirmed = true;
        db.Add(new OrderEvent { OrderId = order.Id, Text = $"Xác nhận địa chỉ: {order.RecipientAddress}", ActorName = db.Actor.Name });
        await db.SaveChangesAsync(ct);
        await ImportOrders.EvaluateWarningsAsync(db, order, ct);
    }
}
