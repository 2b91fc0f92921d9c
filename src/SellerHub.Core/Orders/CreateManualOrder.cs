using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SellerHub.Addresses;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Orders;

/// <summary>
/// An order made by hand or by another system (the seller's website): lines by SKU, a recipient with
/// a 2025 ward, COD or prepaid. Stock is reserved like a marketplace order's. An Idempotency-Key
/// makes a retried request return the same order; the same key with a different body is refused.
/// </summary>
public static class CreateManualOrder
{
    public sealed record Recipient(string? Name, string? Phone, string? Address, string? ProvinceCode, string? WardCode);
    public sealed record Line(string? Sku, int Quantity, decimal Price);
    public sealed record Command(Recipient? Recipient, string? PaymentMethod, IReadOnlyList<Line>? Lines, string? Note, decimal ShippingFee = 0, Guid? WarehouseId = null);

    public sealed record Result(Order Order, bool Created);

    public const int MaxLines = 100;

    public static async Task<Result> Handle(Command c, string? idempotencyKey, ChannelType channel, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageOrders);
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        if (key is { Length: > 100 }) throw BusinessRuleException.For("idempotencyKey", string.Format(Messages.TooLong, 100));
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(c))));
        if (key is not null && await ReplayAsync(db, key, fingerprint, ct) is { } earlier) return earlier;

        var v = new Validation();
        var r = c.Recipient ?? new Recipient(null, null, null, null, null);
        v.Require("recipient.name", r.Name).Require("recipient.address", r.Address, 300);
        var phone = VietnamesePhone.Check(r.Phone);
        if (phone.Check is not (PhoneCheck.Valid or PhoneCheck.UnknownPrefix)) v.Add("recipient.phone", Messages.PhoneInvalid);
        var province = AdministrativeUnits.FindProvince(r.ProvinceCode);
        var ward = AdministrativeUnits.FindWard(r.WardCode);
        if (province is null) v.Add("recipient.provinceCode", Messages.ProvinceUnknown);
        else if (ward is null) v.Add("recipient.wardCode", Messages.WardUnknown);
        else if (ward.ProvinceCode != province.Code) v.Add("recipient.wardCode", Messages.WardNotInProvince);
        var cod = c.PaymentMethod?.Trim().ToUpperInvariant() switch { "COD" => true, "PREPAID" => false, _ => (bool?)null };
        if (cod is null) v.Add("paymentMethod", Messages.PaymentMethodUnknown);
        if (c.Note is { Length: > 1000 }) v.Add("note", string.Format(Messages.TooLong, 1000));
        if (c.ShippingFee is < 0 or > 100_000_000) v.Add("shippingFee", Messages.MustBePositive);

        var lines = c.Lines ?? [];
        if (lines.Count is 0 or > MaxLines) v.Add("lines", string.Format(Messages.OrderLinesCount, MaxLines));
        var skuKeys = lines.Select(l => l.Sku is null ? "" : Product.Normalize(l.Sku)).ToList();
        var products = await db.Products.AsNoTracking().Include(p => p.Components).Where(p => skuKeys.Contains(p.SkuKey) && p.IsActive).ToDictionaryAsync(p => p.SkuKey, ct);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!products.ContainsKey(skuKeys[i])) v.Add($"lines[{i}].sku", string.Format(Messages.SkuUnknown, lines[i].Sku));
            if (lines[i].Quantity is < 1 or > 10_000) v.Add($"lines[{i}].quantity", Messages.QuantityOutOfRange);
            if (lines[i].Price is < 0 or > 1_000_000_000) v.Add($"lines[{i}].price", Messages.MustBePositive);
        }
        var warehouse = c.WarehouseId is { } wanted
            ? await db.Warehouses.AsNoTracking().FirstOrDefaultAsync(w => w.Id == wanted && w.IsActive, ct)
            : await db.Warehouses.AsNoTracking().Where(w => w.IsActive).OrderBy(w => w.Code).FirstOrDefaultAsync(ct);
        if (warehouse is null) v.Add("warehouseId", Messages.WarehouseNotFound);
        v.ThrowIfInvalid();

        var total = lines.Sum(l => l.Quantity * l.Price) + c.ShippingFee;
        var order = new Order
        {
            Channel = channel,
            ChannelOrderId = NewOrderNumber(),
            ChannelStatus = cod!.Value ? "COD" : "PREPAID",
            Status = OrderStatus.AwaitingApproval,
            WarehouseId = warehouse!.Id,
            ChannelUpdatedAt = DateTime.UtcNow,
            OrderedAt = DateTime.UtcNow,
            RecipientName = r.Name!.Trim(),
            RecipientPhone = phone.E164,
            RecipientAddress = $"{r.Address!.Trim()}, {ward!.FullName}, {province!.FullName}",
            RecipientProvinceCode = province.Code,
            RecipientWardCode = ward.Code,
            PaymentMethod = cod.Value ? "COD" : "Prepaid",
            Total = total,
            CodAmount = cod.Value ? total : 0,
            ShippingFee = c.ShippingFee,
            BuyerNote = string.IsNullOrWhiteSpace(c.Note) ? null : c.Note.Trim(),
            IdempotencyKey = key,
            RequestFingerprint = fingerprint,
            RawJson = JsonSerializer.Serialize(c),
            Lines = lines.Select((l, i) => new OrderLine
            {
                ChannelLineId = (i + 1).ToString(), SellerSku = products[skuKeys[i]].Sku, Name = products[skuKeys[i]].Name, Quantity = l.Quantity, UnitPrice = l.Price,
            }).ToList(),
        };
        order.SearchText = Order.SearchTextOf(order.ChannelOrderId, null, order.RecipientName, phone.National);
        order.Timeline.Add(new OrderEvent { OrderId = order.Id, Text = channel == ChannelType.Manual ? "Tạo đơn thủ công" : "Nhận đơn từ website", ActorName = db.Actor.Name });
        db.Orders.Add(order);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (key is not null && UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear(); // the same request raced itself; the first one made the order
            return await ReplayAsync(db, key, fingerprint, ct) ?? throw new InvalidOperationException("Idempotency key taken but no order found.");
        }
        await ReserveAsync(db, order, products.Values, ct);
        return new Result(order, true);
    }

    /// <summary>The order an earlier request with this key made (its reservations completed if a crash cut them short).</summary>
    private static async Task<Result?> ReplayAsync(SellerHubDb db, string key, string fingerprint, CancellationToken ct)
    {
        var earlier = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.IdempotencyKey == key, ct);
        if (earlier is null) return null;
        if (earlier.RequestFingerprint != fingerprint) throw new ConflictException(Messages.IdempotencyKeyReused);
        if (earlier.Lines.Any(l => l.Components is null))
        {
            var skus = earlier.Lines.Select(l => Product.Normalize(l.SellerSku!)).ToList();
            await ReserveAsync(db, earlier, await db.Products.AsNoTracking().Include(p => p.Components).Where(p => skus.Contains(p.SkuKey)).ToListAsync(ct), ct);
        }
        return new Result(earlier, false);
    }

    private static async Task ReserveAsync(SellerHubDb db, Order order, IEnumerable<Product> products, CancellationToken ct)
    {
        var bySku = products.ToDictionary(p => p.SkuKey);
        foreach (var line in order.Lines)
        {
            var product = bySku[Product.Normalize(line.SellerSku!)];
            var needs = (product.IsCombo ? product.Components.Select(k => (k.ComponentId, k.Quantity)) : [(product.Id, 1)])
                .Select(n => new StockEngine.Need(n.Item1, order.WarehouseId!.Value, n.Item2 * line.Quantity)).ToList();
            var reserved = await StockEngine.ReserveAsync(db, line.ReservationKey(order.Id), needs, ct);
            line.Components = string.Join(";", needs.Select(n => $"{n.ProductId}×{n.Quantity}"));
            line.Shortage = reserved.Sum(x => x.Shortage);
        }
        foreach (var line in order.Lines) db.Update(line); // tracked or not (a reservation retry clears the tracker)
        await db.SaveChangesAsync(ct);
        await ImportOrders.EvaluateWarningsAsync(db, order, ct);
    }

    /// <summary>"DH2611261A2B3C": short enough to read out on the phone, unique in practice (and checked by the key).</summary>
    private static string NewOrderNumber() => $"DH{DateTime.UtcNow:yyMMdd}{Convert.ToHexString(RandomNumberGenerator.GetBytes(3))}";
}
