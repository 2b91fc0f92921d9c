using Microsoft.EntityFrameworkCore;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Api;

public sealed record WorkspaceDto(Guid Id, string Name, string? Phone, string TimeZoneId);

public sealed record WorkspaceInput(string? Name, string? Phone, string? TimeZoneId);

public static class WorkspaceApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/workspace").WithTags("Workspace");

        g.MapGet("/", async (SellerHubDb db, CancellationToken ct) =>
        {
            var w = await db.Workspaces.SingleAsync(w => w.Id == db.CurrentWorkspaceId, ct);
            return new WorkspaceDto(w.Id, w.Name, w.Phone, w.TimeZoneId);
        });

        g.MapPut("/", async (WorkspaceInput input, SellerHubDb db, CancellationToken ct) =>
        {
            var w = await UpdateWorkspaceSettings.Handle(new(input.Name, input.Phone, input.TimeZoneId), db, ct);
            return new WorkspaceDto(w.Id, w.Name, w.Phone, w.TimeZoneId);
        }).ProducesValidationProblem();
    }
}

public static class SellerHubApi
{
    /// <summary>
    /// /api/v1: an API key (<c>Authorization: Bearer</c>) or a signed-in person's cookie; camelCase
    /// JSON; problem details for every 4xx.
    /// </summary>
    public static void MapSellerHubApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1")
            // Signed in is not enough: the person must still be an active member of a workspace.
            .RequireAuthorization(p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
                ctx.Resource is HttpContext http && http.RequestServices.GetRequiredService<CurrentActor>().WorkspaceId is not null))
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        WorkspaceApi.Map(api);
        WarehousesApi.Map(api);
        ShopsApi.Map(api);
        MembersApi.Map(api);
        ApiKeysApi.Map(api);
        AuditApi.Map(api);
        ConnectionsApi.Map(api);
        CatalogApi.Map(api);
        ListingsApi.Map(api);
        OrdersApi.Map(api);
    }
}
