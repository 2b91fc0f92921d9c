using Microsoft.EntityFrameworkCore;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Api;

public sealed record ApiKeyDto(Guid Id, string Name, StaffRole Role, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

public sealed record ApiKeyInput(string? Name, StaffRole? Role);

/// <summary>The only time the key's text is returned.</summary>
public sealed record NewApiKeyDto(ApiKeyDto Key, string Secret);

public static class ApiKeysApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/api-keys").WithTags("API keys");

        g.MapGet("/", async (SellerHubDb db, CancellationToken ct) =>
        {
            db.Actor.Demand(Permission.ManageApiKeys);
            return TypedResults.Ok(await db.ApiKeys.OrderBy(k => k.CreatedAt)
                .Select(k => new ApiKeyDto(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToListAsync(ct));
        });

        g.MapPost("/", async (ApiKeyInput input, SellerHubDb db, CancellationToken ct) =>
        {
            var (k, secret) = await CreateApiKey.Handle(new CreateApiKey.Command(input.Name, input.Role ?? StaffRole.Manager), db, ct);
            return TypedResults.Ok(new NewApiKeyDto(new ApiKeyDto(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt), secret));
        }).ProducesValidationProblem();

        g.MapDelete("/{id:guid}", async (Guid id, SellerHubDb db, CancellationToken ct) =>
        {
            await RevokeApiKey.Handle(id, db, ct);
            return TypedResults.NoContent();
        });
    }
}
