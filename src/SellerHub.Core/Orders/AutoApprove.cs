using Microsoft.EntityFrameworkCore;
using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Orders;

/// <summary>
/// A shop's auto-approve rule: approve its waiting orders the moment they are eligible — at import,
/// or later when a warning clears (a listing linked, stock arrived) — if they meet the rule's
/// conditions. The rule lives on the shop, so each change lands in the settings trail.
/// </summary>
public static class AutoApprove
{
    public sealed record Rule(bool Enabled, decimal? MaxCodAmount, AutoApprovePayment Payment, bool OnlyWithoutNote);

    /// <summary>Who approved, on the timeline.</summary>
    public const string ActorName = "Tự động duyệt (quy tắc của gian hàng)";

    public static async Task<Shop> SetAsync(Guid shopId, Rule rule, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageShops);
        if (rule.MaxCodAmount is < 0) throw BusinessRuleException.For("maxCodAmount", Messages.MustBePositive);
        if (!Enum.IsDefined(rule.Payment)) throw BusinessRuleException.For("payment", Messages.PaymentMethodUnknown);
        var shop = await db.Shops.FirstOrDefaultAsync(s => s.Id == shopId, ct) ?? throw new NotFoundException(Messages.ShopNotFound);
        shop.AutoApprove = rule.Enabled;
        shop.AutoApproveMaxCod = rule.MaxCodAmount;
        shop.AutoApprovePayment = rule.Payment;
        shop.AutoApproveOnlyWithoutNote = rule.OnlyWithoutNote;
        await db.SaveChangesAsync(ct);
        return shop;
    }

    public static bool Allows(Rule rule, Order order) =>
        rule.Enabled
        && (rule.MaxCodAmount is not { } max || order.CodAmount <= max)
        && rule.Payment switch { AutoApprovePayment.CodOnly => order.CodAmount > 0, AutoApprovePayment.PrepaidOnly => order.CodAmount == 0, _ => true }
        && (!rule.OnlyWithoutNote || string.IsNullOrWhiteSpace(order.BuyerNote));

    /// <summary>Approves the order if it waits, is eligible and its shop's rule allows it (guarded like a manual approval).</summary>
    public static async Task TryAsync(SellerHubDb db, Order order, CancellationToken ct)
    {
        if (order.Status != OrderStatus.AwaitingApproval || (order.Warnings & ApproveOrders.Blocking) != 0 || order.ShopId is not { } shopId) return;
        var rule = await db.Shops.Where(s => s.Id == shopId && s.AutoApprove)
            .Select(s => new Rule(s.AutoApprove, s.AutoApproveMaxCod, s.AutoApprovePayment, s.AutoApproveOnlyWithoutNote)).FirstOrDefaultAsync(ct);
        if (rule is null || !Allows(rule, order)) return;
        if (await ApproveOrders.MoveAsync(db, order.Id, order.Status, ActorName, ct)) order.Status = OrderStatus.Approved;
    }
}
