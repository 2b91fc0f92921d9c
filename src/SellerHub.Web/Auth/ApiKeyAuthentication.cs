using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Auth;

/// <summary><c>Authorization: Bearer shk_…</c> for the REST API. Revoked or unknown keys get 401.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SellerHubDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();

        var presented = header["Bearer ".Length..].Trim();
        if (ApiKey.PrefixOf(presented) is not { } prefix) return AuthenticateResult.Fail(Messages.ApiKeyMalformed);

        var key = await db.ApiKeys.IgnoreQueryFilters().FirstOrDefaultAsync(k => k.Prefix == prefix, Context.RequestAborted);
        if (key is null || !key.Matches(presented)) return AuthenticateResult.Fail(Messages.ApiKeyUnknown);
        if (key.IsRevoked) return AuthenticateResult.Fail(Messages.ApiKeyRevoked);

        // Bookkeeping only; not a setting, so it is written without the audit trail's involvement.
        if (key.LastUsedAt is null || key.LastUsedAt < DateTime.UtcNow.AddMinutes(-5))
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, DateTime.UtcNow), Context.RequestAborted);

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"API key «{key.Name}»"),
            new Claim(SellerHubClaims.ApiKeyId, key.Id.ToString()),
            new Claim(SellerHubClaims.WorkspaceId, key.WorkspaceId.ToString()),
            new Claim(SellerHubClaims.Role, key.Role.ToString()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Results.Problem(statusCode: 401, title: "Unauthorized",
            detail: failure ?? Messages.ApiKeyMissing).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: 403, title: "Forbidden").ExecuteAsync(Context);
}

public static class SellerHubClaims
{
    public const string WorkspaceId = "sellerhub:workspace";
    public const string Role = "sellerhub:role";
    public const string ApiKeyId = "sellerhub:apikey";
}
