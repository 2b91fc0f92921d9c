using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Orders;
using SellerHub.Persistence;

namespace SellerHub.Web.Api;

/// <param name="Warning">What the seller must act on about the shop's authorisation (the shops page's banner), or null.</param>
public sealed record ShopDto(Guid Id, ChannelType Channel, string Name, string? MarketplaceShopId, string Region, Guid? DefaultWarehouseId, bool IsActive, bool HasCredentials,
    ShopConnection Connection, DateTime? TokenExpiresAt, DateTime? AuthorisationExpiresAt, DateTime? LastSyncAt, string? LastError, ShopWarning? Warning, decimal PushRatio,
    AutoApprove.Rule AutoApprove)
{
    public static ShopDto From(Shop s) => new(s.Id, s.Channel, s.Name, s.MarketplaceShopId, s.Region, s.DefaultWarehouseId, s.IsActive, s.ProtectedCredentials is not null,
        s.Connection, s.TokenExpiresAt, s.RefreshTokenExpiresAt, s.LastSyncAt, s.LastError, ConnectShop.Warning(s, DateTime.UtcNow), s.PushRatio,
        new(s.AutoApprove, s.AutoApproveMaxCod, s.AutoApprovePayment, s.AutoApproveOnlyWithoutNote));
}

/// <param name="Credentials">Write-only: stored encrypted, never returned.</param>
/// <param name="PushRatio">Share of sellable stock shown on the shop's listings, 0–1 (0.8 = 80 %).</param>
public sealed record ShopInput(ChannelType? Channel, string? Name, string? MarketplaceShopId, string? Region, Guid? DefaultWarehouseId, bool? IsActive, string? Credentials, decimal? PushRatio = null);

public static class ShopsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/shops").WithTags("Shops");

        // ?attention=true: only the shops whose authorisation is lost or about to lapse (for alerts).
        g.MapGet("/", async (SellerHubDb db, bool? attention, CancellationToken ct) =>
            TypedResults.Ok((await db.Shops.OrderBy(s => s.Name).ToListAsync(ct)).Select(ShopDto.From).Where(s => attention != true || s.Warning is not null).ToList()));

        g.MapGet("/{id:guid}", async (Guid id, SellerHubDb db, CancellationToken ct) =>
            ShopDto.From(await db.Shops.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException(Messages.ShopNotFound)));

        g.MapPost("/", async (ShopInput input, SellerHubDb db, IDataProtectionProvider protection, CancellationToken ct) =>
        {
            var saved = await SaveShop.Handle(ToCommand(null, input), db, protection, ct);
            return TypedResults.Created($"/api/v1/shops/{saved.Id}", ShopDto.From(saved));
        }).ProducesValidationProblem();

        // Checks the marketplace connection now: last sync, refreshed tokens, or "needs re-authorisation".
        g.MapPost("/{id:guid}/check", async (Guid id, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(await CheckShopConnection.Handle(id, db, channels, protection, clock, ct)));

        g.MapPut("/{id:guid}", async (Guid id, ShopInput input, SellerHubDb db, IDataProtectionProvider protection, CancellationToken ct) =>
            TypedResults.Ok(ShopDto.From(await SaveShop.Handle(ToCommand(id, input), db, protection, ct))))
            .ProducesValidationProblem();

        // Approve this shop's eligible orders without a person, under conditions; every change is in the settings trail.
        g.MapPut("/{id:guid}/auto-approve", async (Guid id, AutoApprove.Rule rule, SellerHubDb db, CancellationToken ct) =>
            TypedResults.Ok(ShopDto.From(await AutoApprove.SetAsync(id, rule, db, ct))))
            .ProducesValidationProblem();
    }

    private static SaveShop.Command ToCommand(Guid? id, ShopInput i)
    {
        if (i.Channel is null) throw BusinessRuleException.For("channel", Messages.ChannelUnknown);
        return new(id, i.Channel.Value, i.Name, i.MarketplaceShopId, i.Region, i.DefaultWarehouseId, i.IsActive ?? false, i.Credentials, i.PushRatio);
    }
}
