using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.Persistence;

namespace SellerHub.Web.Api;

public sealed record ListingDto(Guid Id, Guid ShopId, string ChannelItemId, string ChannelModelId, string? SellerSku, string Name, decimal? Price, int? ChannelStock,
    string ChannelStatus, bool IsActive, LinkState LinkState, string? UnlinkedReason, IReadOnlyList<SaveProduct.Component> Links,
    int? LastPushedQuantity, DateTime? LastPushAt, string? LastPushError, bool PushPending, bool CampaignLocked)
{
    public static ListingDto From(Listing l) => new(l.Id, l.ShopId, l.ChannelItemId, l.ChannelModelId, l.SellerSku, l.Name, l.Price, l.ChannelStock, l.ChannelStatus,
        l.IsActive, l.LinkState, l.UnlinkedReason, l.Links.Select(k => new SaveProduct.Component(k.ProductId, k.Quantity)).ToList(),
        l.LastPushedQuantity, l.LastPushAt, l.LastPushError, l.PushDirty, Inventory.ListingPush.IsCampaignLocked(l.LastPushError));
}

public sealed record LinkInput(List<SaveProduct.Component>? Products);

/// <param name="BufferStock">The shop's own buffer for the product; null falls back to the product's.</param>
public sealed record BufferInput(int? BufferStock);

/// <param name="Cap">At most this many units on the channel; null removes the cap.</param>
public sealed record CapInput(int? Cap);

public static class ListingsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/listings").WithTags("Listings");

        // Tabs: linked=false (Sản phẩm chưa liên kết), status=inactive (Sản phẩm ngừng bán), shop.
        g.MapGet("/", async (SellerHubDb db, bool? linked, string? status, Guid? shop, string? q, CancellationToken ct) =>
        {
            var query = db.Listings.AsNoTracking().Include(l => l.Links).AsQueryable();
            if (linked is { } isLinked) query = query.Where(l => (l.LinkState == LinkState.Linked) == isLinked);
            if (status == "inactive") query = query.Where(l => !l.IsActive);
            if (status == "active") query = query.Where(l => l.IsActive);
            if (shop is { } shopId) query = query.Where(l => l.ShopId == shopId);
            var wanted = SellerHub.Common.Text.Fold(q);
            return TypedResults.Ok((await query.OrderBy(l => l.Name).ToListAsync(ct))
                .Where(l => wanted.Length == 0 || SellerHub.Common.Text.Fold($"{l.Name} {l.SellerSku} {l.ChannelItemId}").Contains(wanted))
                .Take(1000).Select(ListingDto.From).ToList());
        });

        g.MapPost("/{id:guid}/links", async (Guid id, LinkInput input, SellerHubDb db, CancellationToken ct) =>
            TypedResults.Ok(ListingDto.From(await LinkListing.Handle(new(id, input.Products ?? []), db, ct)))).ProducesValidationProblem();

        // Tạo sản phẩm kho: a product made from the listing and linked to it.
        g.MapPost("/{id:guid}/product", async (Guid id, SellerHubDb db, CancellationToken ct) =>
        {
            var (listing, product) = await CreateProductFromListing.Handle(id, db, ct);
            return TypedResults.Created($"/api/v1/products/{product.Id}", ListingDto.From(listing));
        }).ProducesValidationProblem();

        g.MapPut("/{id:guid}/cap", async (Guid id, CapInput input, SellerHubDb db, CancellationToken ct) =>
            TypedResults.Ok(ListingDto.From(await SetListingCap.Handle(id, input.Cap, db, ct)))).ProducesValidationProblem();

        api.MapPut("/shops/{id:guid}/buffers/{productId:guid}", async (Guid id, Guid productId, BufferInput input, SellerHubDb db, CancellationToken ct) =>
        {
            await SetShopBuffer.Handle(id, productId, input.BufferStock, db, ct);
            return TypedResults.NoContent();
        }).WithTags("Stock").ProducesValidationProblem();

        api.MapPost("/shops/{id:guid}/listings/sync", async (Guid id, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct) =>
            TypedResults.Ok(await SyncListings.Handle(id, db, channels, protection, ct))).WithTags("Listings");

        api.MapPost("/shops/{id:guid}/stock/drift-check", async (Guid id, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct) =>
            TypedResults.Ok(await CheckStockDrift.Handle(id, db, channels, protection, ct))).WithTags("Stock");

        api.MapGet("/stock/push-log", async (SellerHubDb db, Guid? listingId, CancellationToken ct) =>
            TypedResults.Ok(await ListPushLog.Handle(db, listingId, ct))).WithTags("Stock");
    }
}
