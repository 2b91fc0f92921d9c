using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Inventory;

public enum StockCountStatus
{
    Open,
    Posted,
}

/// <summary>A kiểm kho session: products counted in one warehouse, reviewed, then posted as adjustments.</summary>
public sealed class StockCount : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid WarehouseId { get; init; }
    public StockCountStatus Status { get; set; }
    public required string CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? PostedAt { get; set; }
    public List<StockCountLine> Lines { get; init; } = [];
}

public sealed class StockCountLine
{
    public Guid CountId { get; init; }
    public Guid ProductId { get; init; }
    public int Counted { get; set; }
    /// <summary>On hand when the count was posted, and what posting changed (counted − that).</summary>
    public int? OnHandAtPost { get; set; }
}

/// <summary>Start a count, record what was found (by product id, SKU or barcode), review, post.</summary>
public static class StockCounts
{
    public sealed record Difference(Guid ProductId, string Sku, string Name, int OnHand, int Counted, int Change);

    public static async Task<StockCount> StartAsync(SellerHubDb db, Guid warehouseId, CancellationToken ct)
    {
        db.Actor.Demand(Permission.StockCounts);
        if (!await db.Warehouses.AnyAsync(w => w.Id == warehouseId && w.IsActive, ct)) throw BusinessRuleException.For("warehouseId", Messages.WarehouseNotFound);
        var count = new StockCount { WarehouseId = warehouseId, Status = StockCountStatus.Open, CreatedBy = db.Actor.Name, CreatedAt = DateTime.UtcNow };
        db.StockCounts.Add(count);
        await db.SaveChangesAsync(ct);
        return count;
    }

    /// <summary>Records a counted quantity; <paramref name="code"/> is a SKU or a barcode, as a scanner reads it.</summary>
    public static async Task RecordAsync(SellerHubDb db, Guid countId, string? code, int counted, CancellationToken ct)
    {
        db.Actor.Demand(Permission.StockCounts);
        if (counted < 0) throw BusinessRuleException.For("counted", Messages.MustBePositive);
        var count = await Open(db, countId, ct);
        var key = Catalog.Product.Normalize(code ?? "");
        var trimmed = code?.Trim() ?? "";
        var productId = await db.Products.Where(p => !p.IsCombo && (p.SkuKey == key || p.Barcodes.Any(b => b.Code == trimmed))).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct)
            ?? throw BusinessRuleException.For("code", Messages.ProductNotFound);
        var line = count.Lines.FirstOrDefault(l => l.ProductId == productId);
        if (line is null) count.Lines.Add(new StockCountLine { CountId = count.Id, ProductId = productId, Counted = counted });
        else line.Counted = counted;
        await db.SaveChangesAsync(ct);
    }

    public static async Task<IReadOnlyList<Difference>> ReviewAsync(SellerHubDb db, Guid countId, CancellationToken ct)
    {
        var count = await db.StockCounts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.Id == countId, ct) ?? throw new NotFoundException(Messages.StockCountNotFound);
        var ids = count.Lines.Select(l => l.ProductId).ToList();
        var products = await db.Products.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var onHand = await db.StockBalances.Where(b => b.WarehouseId == count.WarehouseId && ids.Contains(b.ProductId)).ToDictionaryAsync(b => b.ProductId, b => b.OnHand, ct);
        return count.Lines.Select(l =>
        {
            var now = l.OnHandAtPost ?? onHand.GetValueOrDefault(l.ProductId);
            return new Difference(l.ProductId, products[l.ProductId].Sku, products[l.ProductId].Name, now, l.Counted, l.Counted - now);
        }).OrderBy(d => d.Sku).ToList();
    }

    /// <summary>Posts every line as a counted adjustment (compare-and-set, see StockEngine); a count posts once.</summary>
    public static async Task<IReadOnlyList<Difference>> PostAsync(SellerHubDb db, Guid countId, CancellationToken ct)
    {
        db.Actor.Demand(Permission.StockCounts);
        var count = await Open(db, countId, ct);
        var ids = count.Lines.Select(l => l.ProductId).ToList();
        var reserved = await db.StockBalances.Where(b => b.WarehouseId == count.WarehouseId && ids.Contains(b.ProductId)).ToDictionaryAsync(b => b.ProductId, b => b.Reserved, ct);
        if (count.Lines.FirstOrDefault(l => l.Counted < reserved.GetValueOrDefault(l.ProductId)) is not null)
            throw BusinessRuleException.For("counted", Messages.StockBelowReserved);
        var claimed = await db.StockCounts.Where(c => c.Id == countId && c.Status == StockCountStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, StockCountStatus.Posted).SetProperty(c => c.PostedAt, DateTime.UtcNow), ct);
        if (claimed == 0) throw BusinessRuleException.For("status", Messages.StockCountPosted);
        foreach (var line in count.Lines.OrderBy(l => l.ProductId))
        {
            var change = await StockEngine.SetCountedAsync(db, line.ProductId, count.WarehouseId, line.Counted, "Kiểm kho", $"count/{count.Id}", ct);
            line.OnHandAtPost = line.Counted - change;
        }
        await db.SaveChangesAsync(ct);
        return await ReviewAsync(db, countId, ct);
    }

    private static async Task<StockCount> Open(SellerHubDb db, Guid countId, CancellationToken ct)
    {
        var count = await db.StockCounts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.Id == countId, ct) ?? throw new NotFoundException(Messages.StockCountNotFound);
        if (count.Status != StockCountStatus.Open) throw BusinessRuleException.For("status", Messages.StockCountPosted);
        return count;
    }
}
