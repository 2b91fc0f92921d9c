using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;

namespace SellerHub.Workspaces;

/// <summary>Creates a named API key with a role (the key is shown once), or revokes one.</summary>
public static class CreateApiKey
{
    public sealed record Command(string? Name, StaffRole Role);

    public sealed record Result(ApiKey Key, string PlainText);

    public static async Task<Result> Handle(Command c, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageApiKeys);
        if (db.Actor.Role is { } role && !Permissions.CanGrant(role, c.Role))
            throw new ForbiddenException(string.Format(Messages.RoleNotGrantable, Permissions.Describe(c.Role)));
        new Validation().Require("name", c.Name, 100).ThrowIfInvalid();

        var (key, plain) = ApiKey.Create(c.Name!.Trim(), c.Role, db.Actor.UserId);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new Result(key, plain);
    }
}

public static class RevokeApiKey
{
    public static async Task Handle(Guid id, SellerHubDb db, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageApiKeys);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct) ?? throw new NotFoundException(Messages.ApiKeyNotFound);
        if (key.IsRevoked) return;
        key.RevokedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }
}
