using System.Text;
using SellerHub.Persistence;

namespace SellerHub.Catalog;

/// <summary>A warehouse product (master SKU). A combo has components and no stock of its own.</summary>
public sealed class Product : ITenantOwned, IAuditedSetting
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    /// <summary>As the seller wrote it (trimmed).</summary>
    public required string Sku { get; set; }
    /// <summary><see cref="Normalize"/>d SKU: unique per workspace, what linking matches on.</summary>
    public required string SkuKey { get; set; }
    public required string Name { get; set; }
    /// <summary>Variant attributes as shown ("Màu: Đỏ · Size: M").</summary>
    public string? Attributes { get; set; }
    public int WeightGrams { get; set; }
    public decimal? LengthCm { get; set; }
    public decimal? WidthCm { get; set; }
    public decimal? HeightCm { get; set; }
    public decimal CostPrice { get; set; }
    public string? ImageUrl { get; set; }
    public bool IsActive { get; set; } = true;
    public bool IsCombo { get; set; }
    /// <summary>Tồn kho đệm: units held back from every channel.</summary>
    public int BufferStock { get; set; }
    /// <summary>Tồn kho bổ sung: extra units advertised while goods are on the way.</summary>
    public int SupplementaryStock { get; set; }
    public DateTime? SupplementaryUntil { get; set; }
    public List<ComboComponent> Components { get; init; } = [];
    public List<ProductBarcode> Barcodes { get; init; } = [];
    [NotAudited] public DateTime CreatedAt { get; init; } = DateTime.UtcNow;

    /// <summary>Trim, Unicode NFC, upper case: "  ao-thun-m " and "AO-THUN-M" are one SKU.</summary>
    public static string Normalize(string sku) => sku.Trim().Normalize(NormalizationForm.FormC).ToUpperInvariant();
}

/// <summary>A shop's own buffer for a product, instead of the product's (e.g. hold more back from a flash-sale shop).</summary>
public sealed class ShopBuffer : ITenantOwned, IAuditedSetting
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public Guid ShopId { get; init; }
    public Guid ProductId { get; init; }
    public int BufferStock { get; set; }
}

public sealed class ComboComponent
{
    public Guid ComboId { get; init; }
    public Guid ComponentId { get; init; }
    public Product? Component { get; init; }
    public int Quantity { get; set; }
}

public sealed class ProductBarcode : ITenantOwned
{
    public Guid WorkspaceId { get; set; }
    public required string Code { get; init; }
    public Guid ProductId { get; init; }
}
