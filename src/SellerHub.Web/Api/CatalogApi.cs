using Microsoft.EntityFrameworkCore;
using SellerHub.Catalog;
using SellerHub.Common;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Api;

public sealed record ProductDto(Guid Id, string Sku, string Name, string? Attributes, IReadOnlyList<string> Barcodes, int WeightGrams, decimal CostPrice,
    bool IsCombo, IReadOnlyList<SaveProduct.Component> Components, int BufferStock, int SupplementaryStock, DateTime? SupplementaryUntil, bool IsActive,
    string? ImageUrl, SaveProduct.Size Size)
{
    public static ProductDto From(Product p) => new(p.Id, p.Sku, p.Name, p.Attributes, p.Barcodes.Select(b => b.Code).Order().ToList(), p.WeightGrams, p.CostPrice,
        p.IsCombo, p.Components.Select(c => new SaveProduct.Component(c.ComponentId, c.Quantity)).ToList(), p.BufferStock, p.SupplementaryStock, p.SupplementaryUntil, p.IsActive,
        p.ImageUrl, new SaveProduct.Size(p.LengthCm, p.WidthCm, p.HeightCm));
}

/// <param name="IsActive">Omitted: left as it is (a new product is active).</param>
/// <param name="ImageUrl">Omitted: left as it is; "" removes it.</param>
/// <param name="Size">Omitted: left as it is; a side given as null is not known.</param>
public sealed record ProductInput(string? Sku, string? Name, string? Attributes, List<string>? Barcodes, int? WeightGrams, decimal? CostPrice,
    List<SaveProduct.Component>? Components, int? BufferStock, int? SupplementaryStock, DateTime? SupplementaryUntil, bool? IsActive,
    string? ImageUrl, SaveProduct.Size? Size)
{
    public SaveProduct.Command ToCommand(Guid? id) => new(id, Sku, Name, Attributes, Barcodes, WeightGrams ?? 0, CostPrice ?? 0, Components,
        BufferStock ?? 0, SupplementaryStock ?? 0, SupplementaryUntil, IsActive, ImageUrl, Size);
}

public sealed record StockDto(Guid ProductId, string Sku, Guid WarehouseId, int OnHand, int Reserved, int Available, int BufferStock, int SupplementaryStock);

/// <param name="Delta">Units in (+) or out (−); or give <paramref name="Counted"/>, the quantity found by a count.</param>
public sealed record AdjustmentInput(Guid? ProductId, Guid? WarehouseId, int? Delta, int? Counted, string? Reason);

public sealed record CountStart(Guid? WarehouseId);

/// <param name="Code">SKU or barcode, as typed or scanned.</param>
public sealed record CountLine(string? Code, int Counted);

public static class CatalogApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var products = api.MapGroup("/products").WithTags("Products");
        // q matches SKU, name and barcodes the way sellers type: "ao thun" finds "Áo thun".
        products.MapGet("/", async (SellerHubDb db, string? q, CancellationToken ct) =>
            TypedResults.Ok((await FindProducts.Handle(db.Products, q, ct, take: 500, activeOnly: false)).Select(ProductDto.From).ToList()));
        products.MapGet("/{id:guid}", async (Guid id, SellerHubDb db, CancellationToken ct) =>
            ProductDto.From(await db.Products.Include(p => p.Barcodes).Include(p => p.Components).FirstOrDefaultAsync(p => p.Id == id, ct)
                ?? throw new NotFoundException(Messages.ProductNotFound)));
        products.MapPost("/", async (ProductInput input, SellerHubDb db, CancellationToken ct) =>
        {
            var saved = await SaveProduct.Handle(input.ToCommand(null), db, ct);
            return TypedResults.Created($"/api/v1/products/{saved.Id}", ProductDto.From(saved));
        }).ProducesValidationProblem();
        products.MapPut("/{id:guid}", async (Guid id, ProductInput input, SellerHubDb db, CancellationToken ct) =>
            TypedResults.Ok(ProductDto.From(await SaveProduct.Handle(input.ToCommand(id), db, ct)))).ProducesValidationProblem();

        products.MapGet("/export", async (SellerHubDb db, CancellationToken ct) =>
            TypedResults.File(await ProductSheet.ExportAsync(db, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "san-pham.xlsx"));

        // Multipart upload of an .xlsx; allOrNothing=true applies nothing when any row is wrong.
        products.MapPost("/import", async (IFormFile file, bool? allOrNothing, SellerHubDb db, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var result = await ProductSheet.ImportAsync(db, stream, allOrNothing ?? false, ct);
            if (result.Applied == 0 && result.Errors.Count > 0)
                throw new BusinessRuleException(result.Errors.GroupBy(e => $"row {e.Row}: {e.Column}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
            return TypedResults.Ok(result);
        }).DisableAntiforgery().ProducesValidationProblem();

        var stock = api.MapGroup("/stock").WithTags("Stock");
        stock.MapGet("/", async (SellerHubDb db, Guid? productId, Guid? warehouseId, CancellationToken ct) =>
        {
            var now = DateTime.UtcNow; // supplementary stock past its end date no longer counts
            var rows = from b in db.StockBalances
                       join p in db.Products on b.ProductId equals p.Id
                       where (productId == null || b.ProductId == productId) && (warehouseId == null || b.WarehouseId == warehouseId)
                       orderby p.SkuKey
                       select new StockDto(b.ProductId, p.Sku, b.WarehouseId, b.OnHand, b.Reserved, b.OnHand - b.Reserved, p.BufferStock,
                           p.SupplementaryUntil == null || p.SupplementaryUntil > now ? p.SupplementaryStock : 0);
            return TypedResults.Ok(await rows.ToListAsync(ct));
        });
        stock.MapPost("/adjustments", async (AdjustmentInput input, SellerHubDb db, CancellationToken ct) =>
        {
            db.Actor.Demand(Permission.StockCounts);
            var v = new Validation();
            if (input.ProductId is not { } productId || !await db.Products.AnyAsync(p => p.Id == productId && !p.IsCombo, ct)) v.Add("productId", Messages.ProductNotFound);
            if (input.WarehouseId is not { } warehouseId || !await db.Warehouses.AnyAsync(w => w.Id == warehouseId, ct)) v.Add("warehouseId", Messages.WarehouseNotFound);
            if (input.Delta is null == input.Counted is null) v.Add("delta", Messages.Required);
            v.ThrowIfInvalid();
            var change = input.Counted is { } counted
                ? await StockEngine.SetCountedAsync(db, input.ProductId!.Value, input.WarehouseId!.Value, counted, input.Reason, "api", ct)
                : await StockEngine.AdjustAsync(db, input.ProductId!.Value, input.WarehouseId!.Value, input.Delta!.Value,
                    input.Delta > 0 ? MovementKind.Receipt : MovementKind.Adjustment, input.Reason, "api", ct);
            var balance = await db.StockBalances.AsNoTracking().SingleAsync(b => b.ProductId == input.ProductId && b.WarehouseId == input.WarehouseId, ct);
            return TypedResults.Ok(new { change, onHand = balance.OnHand, reserved = balance.Reserved, available = balance.OnHand - balance.Reserved });
        }).ProducesValidationProblem();
        var counts = api.MapGroup("/stock-counts").WithTags("Stock");
        counts.MapPost("/", async (CountStart input, SellerHubDb db, CancellationToken ct) =>
        {
            var count = await StockCounts.StartAsync(db, input.WarehouseId ?? Guid.Empty, ct);
            return TypedResults.Created($"/api/v1/stock-counts/{count.Id}", new { count.Id, count.WarehouseId, status = count.Status });
        }).ProducesValidationProblem();
        counts.MapPut("/{id:guid}/lines", async (Guid id, CountLine input, SellerHubDb db, CancellationToken ct) =>
        {
            await StockCounts.RecordAsync(db, id, input.Code, input.Counted, ct);
            return TypedResults.Ok(await StockCounts.ReviewAsync(db, id, ct));
        }).ProducesValidationProblem();
        counts.MapGet("/{id:guid}", async (Guid id, SellerHubDb db, CancellationToken ct) => TypedResults.Ok(await StockCounts.ReviewAsync(db, id, ct)));
        counts.MapPost("/{id:guid}/post", async (Guid id, SellerHubDb db, CancellationToken ct) => TypedResults.Ok(await StockCounts.PostAsync(db, id, ct)))
            .ProducesValidationProblem();

        stock.MapGet("/reconcile", async (SellerHubDb db, CancellationToken ct) => TypedResults.Ok(await ReconcileStock.Handle(db, ct)));
    }
}
