using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Orders;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Api;

public sealed record OrderSummaryDto(Guid Id, Guid? ShopId, ChannelType Channel, string ChannelOrderId, string ChannelStatus, OrderStatus Status,
    OrderWarning Warnings, string? WarningDetail, string? RecipientName, string? RecipientPhone, decimal Total, decimal CodAmount, DateTime OrderedAt, DateTime? ShipBy,
    DateTime? CancelDeadline);

public sealed record OrderLineDto(string ChannelLineId, string? SellerSku, string Name, int Quantity, decimal UnitPrice, bool Linked, int Shortage);

public sealed record OrderEventDto(DateTime At, string Text, string ActorName);

/// <summary>The list's filters in the query string; dates are instants (ISO 8601 with offset), COD amounts in đồng.</summary>
public sealed record OrderQuery(OrderStatus? Status, OrderWarning? Warning, Guid? Shop, string? Q, ChannelType? Channel,
    DateTime? CreatedFrom, DateTime? CreatedTo, DateTime? ShipByFrom, DateTime? ShipByTo, PaymentFilter? Payment, decimal? CodMin, decimal? CodMax,
    int? Page, int? PageSize)
{
    public OrderFilter ToFilter() => new(Status, Warning, Shop, Q, Channel, Utc(CreatedFrom), Utc(CreatedTo), Utc(ShipByFrom), Utc(ShipByTo), Payment, CodMin, CodMax);

    private static DateTime? Utc(DateTime? at) => at?.Kind == DateTimeKind.Local ? at.Value.ToUniversalTime() : at is { } d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : null;
}

public sealed record ApproveRequest(List<Guid>? OrderIds);

/// <param name="OnChannel">Also cancel on the marketplace (default); false cancels in SellerHub only.</param>
/// <param name="CancelWaybill">Also cancel the order's waybills not yet picked up (default).</param>
public sealed record CancelRequest(string? Reason, bool? OnChannel, bool? CancelWaybill);

public sealed record OrderDto(OrderSummaryDto Order, string? RecipientAddress, string? ProvinceCode, string? WardCode, string? AddressReview, IReadOnlyList<string> AddressCandidates, string? PaymentMethod, string? BuyerNote, IReadOnlyList<OrderLineDto> Lines, IReadOnlyList<OrderEventDto> Timeline);

public static class OrdersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/orders").WithTags("Orders");

        g.MapGet("/", async (SellerHubDb db, [AsParameters] OrderQuery query, CancellationToken ct) =>
        {
            var size = Math.Clamp(query.PageSize ?? 50, 1, 200);
            return TypedResults.Ok(await OrderList.Filter(db.Orders.AsNoTracking(), query.ToFilter()).OrderByDescending(o => o.OrderedAt).ThenBy(o => o.Id)
                .Skip((Math.Max(query.Page ?? 1, 1) - 1) * size).Take(size).Select(SummaryOf).ToListAsync(ct));
        });

        // The same filters as the list, as an Excel file (up to 50,000 orders).
        g.MapGet("/export", async (SellerHubDb db, [AsParameters] OrderQuery query, CancellationToken ct) =>
        {
            var shops = await db.Shops.ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            var zone = (await db.Workspaces.SingleAsync(w => w.Id == db.CurrentWorkspaceId, ct)).TimeZone;
            var file = new MemoryStream();
            await ExportOrders.WriteAsync(OrderList.Filter(db.Orders, query.ToFilter()), shops, zone, file, ct);
            file.Position = 0;
            return Results.File(file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"don-hang-{DateTime.UtcNow:yyyyMMdd-HHmm}.xlsx");
        });

        // One number per tab and per warning, for the tab badges.
        g.MapGet("/counts", async (SellerHubDb db, [AsParameters] OrderQuery query, CancellationToken ct) =>
        {
            var counts = await OrderList.CountAsync(OrderList.Filter(db.Orders, query.ToFilter() with { Status = null, Warning = null }), ct);
            return TypedResults.Ok(new
            {
                statuses = counts.Statuses.ToDictionary(c => c.Key.ToString(), c => c.Value),
                warnings = counts.Warnings.ToDictionary(c => c.Key.ToString(), c => c.Value),
            });
        });

        // Another system (the seller's website) sends orders; a retry with the same key gets the same order back.
        g.MapPost("/", async (CreateManualOrder.Command command, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, SellerHubDb db, CancellationToken ct) =>
        {
            var result = await CreateManualOrder.Handle(command, idempotencyKey, ChannelType.Website, db, ct);
            var order = await Detail(db, result.Order.Id, ct);
            return result.Created ? Results.Created($"/api/v1/orders/{order.Order.Id}", order) : Results.Ok(order);
        });

        g.MapGet("/{id:guid}", (Guid id, SellerHubDb db, CancellationToken ct) => Detail(db, id, ct));

        g.MapPost("/{id:guid}/approve", async (Guid id, SellerHubDb db, CancellationToken ct) =>
        {
            var result = await ApproveOrders.Handle([id], db, ct);
            if (result.Refused is [{ Reason: var reason }])
                return reason == Messages.OrderNotFound ? Results.Problem(statusCode: 404, title: reason) : Results.Problem(statusCode: 409, title: Messages.OrderNotEligible.Split(':')[0], detail: reason);
            return Results.Ok(result);
        });

        // Bulk: the eligible ones move, every other is listed with its reason.
        g.MapPost("/approve", async (ApproveRequest request, SellerHubDb db, CancellationToken ct) =>
            request.OrderIds is { Count: > 0 and <= 500 } ids
                ? Results.Ok(await ApproveOrders.Handle(ids, db, ct))
                : Results.ValidationProblem(new Dictionary<string, string[]> { ["orderIds"] = ["1–500 order ids."] }));

        g.MapPost("/{id:guid}/cancel", async (Guid id, CancelRequest request, SellerHubDb db, CancellationToken ct) =>
        {
            await CancelOrder.Handle(id, request.Reason, request.OnChannel ?? true, request.CancelWaybill ?? true, db, ct);
            return Results.NoContent();
        });

        g.MapPut("/{id:guid}/recipient-address", async (Guid id, CorrectRecipientAddress.Command command, SellerHubDb db, CancellationToken ct) =>
        {
            await CorrectRecipientAddress.Handle(id, command, db, ct);
            return await Detail(db, id, ct);
        }).ProducesValidationProblem();

        // The buyer's cancel request: the decision applies at once and goes to the marketplace through the outbox.
        g.MapPost("/{id:guid}/cancel-request/accept", async (Guid id, SellerHubDb db, CancellationToken ct) =>
        {
            await AnswerCancelRequest.Handle(id, accept: true, db, ct);
            return Results.NoContent();
        });
        g.MapPost("/{id:guid}/cancel-request/reject", async (Guid id, SellerHubDb db, CancellationToken ct) =>
        {
            await AnswerCancelRequest.Handle(id, accept: false, db, ct);
            return Results.NoContent();
        });

        // Channel orders refused at import (malformed, partial, absurd), with the reason and the raw payload.
        g.MapGet("/rejected", async (SellerHubDb db, Guid? shop, CancellationToken ct) =>
        {
            db.Actor.Demand(Permission.ViewSettings);
            return TypedResults.Ok(await db.RejectedOrders.AsNoTracking().Where(r => shop == null || r.ShopId == shop).OrderByDescending(r => r.LastSeenAt).Take(500)
                .Select(r => new { r.ShopId, r.ChannelOrderId, r.Error, r.Times, r.FirstSeenAt, r.LastSeenAt, r.RawJson }).ToListAsync(ct));
        });

        api.MapPost("/shops/{id:guid}/orders/pull", async (Guid id, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection, CancellationToken ct) =>
        {
            try
            {
                return Results.Ok(await PullOrders.Handle(id, db, channels, protection, ct));
            }
            catch (ChannelException e)
            {
                return Results.Problem(statusCode: 502, title: "The marketplace did not answer", detail: $"{e.Vendor}: {e.Code} — {e.VendorMessage}");
            }
        }).WithTags("Orders");
    }

    private static async Task<OrderDto> Detail(SellerHubDb db, Guid id, CancellationToken ct)
    {
        var o = await db.Orders.AsNoTracking().AsSplitQuery().Include(x => x.Lines).Include(x => x.Timeline).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException(Messages.OrderNotFound);
        return new OrderDto(Summary(o), o.RecipientAddress, o.RecipientProvinceCode, o.RecipientWardCode, o.AddressReview,
            o.AddressCandidates?.Split(',') ?? [], o.PaymentMethod, o.BuyerNote,
            o.Lines.Select(l => new OrderLineDto(l.ChannelLineId, l.SellerSku, l.Name, l.Quantity, l.UnitPrice, l.Components is not null, l.Shortage)).ToList(),
            o.Timeline.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new OrderEventDto(t.At, t.Text, t.ActorName)).ToList());
    }

    /// <summary>As an expression, so the list reads only these columns (not the raw payload).</summary>
    private static readonly System.Linq.Expressions.Expression<Func<Order, OrderSummaryDto>> SummaryOf = o => new OrderSummaryDto(o.Id, o.ShopId, o.Channel, o.ChannelOrderId,
        o.ChannelStatus, o.Status, o.Warnings, o.WarningDetail, o.RecipientName, o.RecipientPhone, o.Total, o.CodAmount, o.OrderedAt, o.ShipBy, o.CancelDeadline);

    private static readonly Func<Order, OrderSummaryDto> Summary = SummaryOf.Compile();
}
