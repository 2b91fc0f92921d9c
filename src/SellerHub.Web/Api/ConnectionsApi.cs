using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Carriers;
using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Inventory;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Api;

public sealed record ChannelAppDto(ChannelType Channel, string AppKey, string BaseUrl, string? AuthBaseUrl, string? ServiceId, bool HasSecret);

/// <param name="Secret">Write-only; leave empty to keep the stored one.</param>
public sealed record ChannelAppInput(string? AppKey, string? Secret, string? BaseUrl, string? AuthBaseUrl, string? ServiceId);

public sealed record CarrierDto(Guid Id, CarrierType Carrier, string Name, string? CarrierShopId, Guid PickupWarehouseId, bool IsActive, string WebhookUrl);

public sealed record CarrierInput(CarrierType? Carrier, string? Name, string? Token, string? CarrierShopId, Guid? PickupWarehouseId);

public sealed record QuoteInput(string? Province, string? District, string? Ward, string? Street, int WeightGrams, decimal CodAmount, decimal DeclaredValue);

public static class ConnectionsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var apps = api.MapGroup("/channel-apps").WithTags("Channel apps");
        apps.MapGet("/", async (SellerHubDb db, CancellationToken ct) =>
        {
            db.Actor.Demand(Permission.ManageShops);
            return TypedResults.Ok(await db.ChannelApps.OrderBy(a => a.Channel)
                .Select(a => new ChannelAppDto(a.Channel, a.AppKey, a.BaseUrl, a.AuthBaseUrl, a.ServiceId, a.ProtectedSecret != "")).ToListAsync(ct));
        });
        apps.MapPut("/{channel}", async (ChannelType channel, ChannelAppInput input, SellerHubDb db, IDataProtectionProvider protection, CancellationToken ct) =>
        {
            var a = await SaveChannelApp.Handle(new(channel, input.AppKey, input.Secret, input.BaseUrl, input.AuthBaseUrl, input.ServiceId), db, protection, ct);
            return TypedResults.Ok(new ChannelAppDto(a.Channel, a.AppKey, a.BaseUrl, a.AuthBaseUrl, a.ServiceId, true));
        }).ProducesValidationProblem();

        var carriers = api.MapGroup("/carriers").WithTags("Carriers");
        carriers.MapGet("/", async (SellerHubDb db, HttpRequest request, CancellationToken ct) =>
        {
            db.Actor.Demand(Permission.ManageShops);
            var list = await db.CarrierConnections.OrderBy(c => c.Name).ToListAsync(ct);
            return TypedResults.Ok(list.Select(c => Dto(c, request)).ToList());
        });
        carriers.MapPost("/", async (CarrierInput input, SellerHubDb db, IDataProtectionProvider protection, HttpRequest request, CancellationToken ct) =>
        {
            if (input.Carrier is null) throw BusinessRuleException.For("carrier", Messages.CarrierUnknown);
            var c = await SaveCarrierConnection.Handle(new(input.Carrier.Value, input.Name, input.Token, input.CarrierShopId, input.PickupWarehouseId), db, protection, ct);
            return TypedResults.Created($"/api/v1/carriers/{c.Id}", Dto(c, request));
        }).ProducesValidationProblem();

        // A fee quote for a parcel from the account's pickup warehouse.
        carriers.MapPost("/{id:guid}/quote", async (Guid id, QuoteInput input, SellerHubDb db, IDataProtectionProvider protection, IEnumerable<ICarrier> adapters, CancellationToken ct) =>
            TypedResults.Ok(new { fee = await QuoteParcel.Handle(new(id, input.Province, input.District, input.Ward, input.Street, input.WeightGrams, input.CodAmount, input.DeclaredValue), db, protection, adapters, ct) }))
            .ProducesValidationProblem();
    }

    private static CarrierDto Dto(CarrierConnection c, HttpRequest request)
    {
        var origin = $"{request.Scheme}://{request.Host}";
        var webhook = c.Carrier == CarrierType.Ghn ? $"{origin}/webhooks/ghn/{c.WebhookSecret}" : $"{origin}/webhooks/ghtk?hash={c.WebhookSecret}";
        return new CarrierDto(c.Id, c.Carrier, c.Name, c.CarrierShopId, c.PickupWarehouseId, c.IsActive, webhook);
    }
}
