using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using SellerHub.Common;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Catalog;

/// <summary>
/// Products, barcodes, combos and opening stock as an .xlsx sheet, one row per product (and per
/// warehouse for stock). Import checks every row first and reports row, column and reason; it then
/// applies the valid rows, reporting any that fails on the way (opening stock below what orders hold),
/// or, when asked for all-or-nothing, applies none unless every row goes through. A column left out of the
/// sheet leaves that field of existing products as it is.
/// </summary>
public static class ProductSheet
{
    public const string Sku = "SKU", Name = "Tên sản phẩm", Variant = "Phân loại", Barcodes = "Mã vạch", Weight = "Khối lượng (g)",
        Length = "Dài (cm)", Width = "Rộng (cm)", Height = "Cao (cm)", Cost = "Giá vốn", Buffer = "Tồn kho đệm", Image = "Ảnh (URL)",
        Active = "Đang kinh doanh", Combo = "Thành phần combo", Warehouse = "Mã kho", Opening = "Tồn đầu kỳ";

    /// <summary>How <see cref="Active"/> is written; reading also takes 1/0, x, true/false, yes/no.</summary>
    public const string Yes = "Có", No = "Không";

    private static readonly string[] Columns = [Sku, Name, Variant, Barcodes, Weight, Length, Width, Height, Cost, Buffer, Image, Active, Combo, Warehouse, Opening];

    public sealed record RowError(int Row, string Column, string Message);

    public sealed record ImportResult(int Rows, int Applied, IReadOnlyList<RowError> Errors);

    public static async Task<byte[]> ExportAsync(SellerHubDb db, CancellationToken ct)
    {
        var products = await db.Products.AsNoTracking().Include(p => p.Barcodes).Include(p => p.Components).ThenInclude(c => c.Component).OrderBy(p => p.SkuKey).ToListAsync(ct);
        var warehouses = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);
        var stock = await db.StockBalances.AsNoTracking().ToListAsync(ct);
        var rows = new List<Dictionary<string, object?>>();
        foreach (var p in products)
        {
            var balances = stock.Where(b => b.ProductId == p.Id).ToList();
            foreach (var b in balances.Count == 0 ? [null] : balances.Cast<StockBalance?>())
                rows.Add(new Dictionary<string, object?>
                {
                    [Sku] = p.Sku, [Name] = p.Name, [Variant] = p.Attributes, [Barcodes] = string.Join(", ", p.Barcodes.Select(x => x.Code)),
                    [Weight] = p.WeightGrams, [Length] = p.LengthCm, [Width] = p.WidthCm, [Height] = p.HeightCm, [Cost] = p.CostPrice, [Buffer] = p.BufferStock,
                    [Image] = p.ImageUrl, [Active] = p.IsActive ? Yes : No,
                    [Combo] = string.Join("; ", p.Components.Select(c => $"{c.Component?.Sku}×{c.Quantity}")),
                    [Warehouse] = b is null ? null : warehouses.GetValueOrDefault(b.WarehouseId), [Opening] = b?.OnHand,
                });
        }
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, rows.Count > 0 ? rows : [Columns.ToDictionary(c => c, _ => (object?)null)], cancellationToken: ct);
        return stream.ToArray();
    }

    public static async Task<ImportResult> ImportAsync(SellerHubDb db, Stream file, bool allOrNothing, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageWarehouses);
        List<IDictionary<string, object?>> sheet;
        try
        {
            sheet = (await MiniExcel.QueryAsync(file, useHeaderRow: true, cancellationToken: ct)).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or System.Xml.XmlException)
        {
            throw BusinessRuleException.For("file", Messages.SheetUnreadable);
        }
        if (sheet.Count > 0 && !sheet[0].ContainsKey(Sku)) throw BusinessRuleException.For("file", string.Format(Messages.SheetColumns, string.Join(", ", Columns)));
        var given = sheet.Count > 0 ? sheet[0].Keys.ToHashSet() : [];

        var errors = new List<RowError>();
        var warehouses = await db.Warehouses.ToDictionaryAsync(w => w.Code, w => w.Id, StringComparer.OrdinalIgnoreCase, ct);
        var known = await db.Products.Select(p => new { p.Id, p.SkuKey }).ToDictionaryAsync(p => p.SkuKey, p => p.Id, ct);
        var barcodeOwners = await db.ProductBarcodes.Select(b => new { b.Code, b.ProductId }).ToDictionaryAsync(b => b.Code, b => b.ProductId, ct);
        var parsed = new List<(int Row, Row Data)>();
        var skusInFile = new Dictionary<string, int>();
        var barcodesInFile = new Dictionary<string, string>();

        for (var i = 0; i < sheet.Count; i++)
        {
            var r = sheet[i];
            var row = i + 2; // header is row 1
            // Invariant: a number cell read back as text must not take the request's culture (vi-VN writes 1,5).
            string? Cell(string column) => r.TryGetValue(column, out var v) && Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() is { Length: > 0 } s ? s : null;
            int? Number(string column, bool allowEmpty = true)
            {
                var text = Cell(column);
                if (text is null) return allowEmpty ? null : Fail(column, Messages.Required);
                return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && n >= 0 && n <= int.MaxValue && n == Math.Floor(n) ? (int)n : Fail(column, Messages.MustBePositive);
            }
            decimal? Amount(string column)
            {
                var text = Cell(column);
                if (text is null) return null;
                if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && n >= 0) return n;
                Fail(column, Messages.MustBePositive);
                return null;
            }
            decimal? Side(string column)
            {
                var cm = Amount(column);
                if (cm <= SaveProduct.MaxSideCm || cm is null) return cm;
                Fail(column, Messages.SizeInvalid);
                return null;
            }
            bool? YesNo(string column)
            {
                switch (Text.Fold(Cell(column)))
                {
                    case "": return null;
                    case "co" or "x" or "1" or "true" or "yes": return true;
                    case "khong" or "0" or "false" or "no": return false;
                    default:
                        Fail(column, string.Format(Messages.SheetYesNo, Yes, No));
                        return null;
                }
            }
            int? Fail(string column, string message)
            {
                errors.Add(new RowError(row, column, message));
                return null;
            }

            if (r.Values.All(v => v is null || string.IsNullOrWhiteSpace(v.ToString()))) continue;
            var sku = Cell(Sku);
            var name = Cell(Name);
            if (sku is null) Fail(Sku, Messages.Required);
            if (name is null && sku is not null && !known.ContainsKey(Product.Normalize(sku))) Fail(Name, Messages.Required);
            var key = sku is null ? null : Product.Normalize(sku);
            var warehouseCode = Cell(Warehouse);
            if (key is not null && skusInFile.TryGetValue(key, out var first) && (warehouseCode is null || parsed.Any(p => p.Data.SkuKey == key && p.Data.WarehouseCode == warehouseCode)))
                Fail(Sku, string.Format(Messages.SheetDuplicateSku, first));
            else if (key is not null) skusInFile.TryAdd(key, row);

            var barcodes = (Cell(Barcodes) ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            foreach (var code in barcodes)
            {
                if (barcodesInFile.TryGetValue(code, out var owner) && owner != key) Fail(Barcodes, string.Format(Messages.BarcodeTaken, code));
                else if (barcodeOwners.TryGetValue(code, out var id) && (key is null || !known.TryGetValue(key, out var mine) || mine != id)) Fail(Barcodes, string.Format(Messages.BarcodeTaken, code));
                else barcodesInFile[code] = key ?? "";
            }
            var components = new List<(string Sku, int Quantity)>();
            foreach (var part in (Cell(Combo) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // "SKU×2": the quantity follows the last ×, x or * (SKUs may contain an x themselves).
                var at = part.LastIndexOfAny(['×', 'x', 'X', '*']);
                if (at > 0 && int.TryParse(part[(at + 1)..].Trim(), out var q) && q >= 1) components.Add((part[..at].Trim(), q));
                else Fail(Combo, Messages.ComboComponentInvalid);
            }
            Guid? warehouseId = null;
            if (warehouseCode is not null)
            {
                if (warehouses.TryGetValue(warehouseCode, out var w)) warehouseId = w;
                else Fail(Warehouse, Messages.WarehouseNotFound);
            }
            var opening = Number(Opening);
            if (opening is not null && warehouseCode is null) Fail(Warehouse, Messages.Required);
            parsed.Add((row, new Row(key ?? "", sku ?? "", name, Cell(Variant), barcodes, Number(Weight) ?? 0, Amount(Cost) ?? 0, Number(Buffer) ?? 0,
                new SaveProduct.Size(Side(Length), Side(Width), Side(Height)), Cell(Image), YesNo(Active), components, warehouseCode, warehouseId, opening)));
        }
        foreach (var (row, data) in parsed)
            foreach (var (componentSku, _) in data.Components)
                if (!known.ContainsKey(Product.Normalize(componentSku)) && !skusInFile.ContainsKey(Product.Normalize(componentSku)))
                    errors.Add(new RowError(row, Combo, string.Format(Messages.LinkNoProduct, componentSku)));

        var bad = errors.Select(e => e.Row).ToHashSet();
        if (allOrNothing && errors.Count > 0) return new ImportResult(parsed.Count, 0, errors);

        // A row's product and its opening stock stand or fall together. All-or-nothing: one transaction with a
        // savepoint per row, so every row that fails is reported before everything is undone; otherwise a
        // transaction per row, and a row that fails is reported while the others stay applied.
        await using var whole = allOrNothing ? await db.Database.BeginTransactionAsync(ct) : null;
        var applied = 0;
        // Plain products first, so combos in the same sheet find their components.
        foreach (var (row, data) in parsed.Where(p => !bad.Contains(p.Row)).OrderBy(p => p.Data.Components.Count > 0))
        {
            await using var own = whole is null ? await db.Database.BeginTransactionAsync(ct) : null;
            if (whole is not null) await whole.CreateSavepointAsync("sheet_row", ct);
            try
            {
                await ApplyAsync(db, row, data, given, ct);
                if (own is not null)
                {
                    await own.CommitAsync(ct);
                    await db.FlushMessagesAsync(); // this row's pushes go now, whatever happens to the rows after it
                }
                applied++;
            }
            catch (BusinessRuleException e)
            {
                if (own is not null) await own.RollbackAsync(ct);
                else await whole!.RollbackToSavepointAsync("sheet_row", ct);
                errors.AddRange(e.Errors.SelectMany(field => field.Value.Select(message => new RowError(row, ColumnOf(field.Key), message))));
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        if (whole is not null && errors.Count > 0)
        {
            await whole.RollbackAsync(ct);
            applied = 0;
        }
        else if (whole is not null)
        {
            await whole.CommitAsync(ct);
            await db.FlushMessagesAsync();
        }
        return new ImportResult(parsed.Count, applied, errors.OrderBy(e => e.Row).ToList());
    }

    private static async Task ApplyAsync(SellerHubDb db, int row, Row data, HashSet<string> given, CancellationToken ct)
    {
        var existing = await db.Products.AsNoTracking().Include(p => p.Barcodes).Include(p => p.Components).FirstOrDefaultAsync(p => p.SkuKey == data.SkuKey, ct);
        var components = new List<SaveProduct.Component>();
        foreach (var (componentSku, quantity) in data.Components)
        {
            // A component on an earlier row of the sheet may have failed.
            var component = await db.Products.Where(p => p.SkuKey == Product.Normalize(componentSku)).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct)
                ?? throw BusinessRuleException.For("components", string.Format(Messages.LinkNoProduct, componentSku));
            components.Add(new SaveProduct.Component(component, quantity));
        }
        var product = await SaveProduct.Handle(new SaveProduct.Command(existing?.Id, data.Sku, data.Name ?? existing!.Name, data.Variant ?? existing?.Attributes,
            data.Barcodes.Count > 0 ? data.Barcodes : existing?.Barcodes.Select(b => b.Code).ToList(),
            given.Contains(Weight) ? data.Weight : existing?.WeightGrams ?? 0, given.Contains(Cost) ? data.Cost : existing?.CostPrice ?? 0,
            components.Count > 0 ? components : existing?.Components.Select(c => new SaveProduct.Component(c.ComponentId, c.Quantity)).ToList(),
            given.Contains(Buffer) ? data.Buffer : existing?.BufferStock ?? 0, existing?.SupplementaryStock ?? 0, existing?.SupplementaryUntil,
            data.IsActive, given.Contains(Image) ? data.ImageUrl ?? "" : null,
            new SaveProduct.Size(given.Contains(Length) ? data.Size.LengthCm : existing?.LengthCm, given.Contains(Width) ? data.Size.WidthCm : existing?.WidthCm,
                given.Contains(Height) ? data.Size.HeightCm : existing?.HeightCm)), db, ct);
        db.ChangeTracker.Clear();
        if (data.Opening is { } opening && data.WarehouseId is { } warehouse && !product.IsCombo)
            await StockEngine.SetCountedAsync(db, product.Id, warehouse, opening, "Nhập từ Excel", $"row {row}", ct);
    }

    /// <summary>The sheet's column for a field a use case complained about.</summary>
    private static string ColumnOf(string field) => field switch
    {
        "name" => Name, "barcodes" => Barcodes, "weightGrams" => Weight, "costPrice" => Cost, "bufferStock" => Buffer, "components" => Combo,
        "size" => Length, "imageUrl" => Image, "counted" or "quantity" => Opening, _ => Sku,
    };

    private sealed record Row(string SkuKey, string Sku, string? Name, string? Variant, List<string> Barcodes, int Weight, decimal Cost, int Buffer,
        SaveProduct.Size Size, string? ImageUrl, bool? IsActive, List<(string Sku, int Quantity)> Components, string? WarehouseCode, Guid? WarehouseId, int? Opening);
}
