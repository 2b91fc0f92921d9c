using SellerHub.Workspaces;

namespace SellerHub.Persistence;

/// <summary>
/// Who is acting, and in which workspace. Scopes every query (global query filter) and stamps
/// every audit entry. A null workspace means the system itself (setup, background jobs).
/// </summary>
public interface ICurrentActor
{
    Guid? WorkspaceId { get; }
    Guid? UserId { get; }
    Guid? ApiKeyId { get; }
    string Name { get; }
    StaffRole? Role { get; }
}

/// <summary>A mutable actor for one scope: a request, a Blazor component, a job.</summary>
public sealed class CurrentActor : ICurrentActor
{
    public Guid? WorkspaceId { get; private set; }
    public Guid? UserId { get; private set; }
    public Guid? ApiKeyId { get; private set; }
    public string Name { get; private set; } = "SellerHub";
    public StaffRole? Role { get; private set; }

    public void Set(Guid? workspaceId, StaffRole? role, string name, Guid? userId = null, Guid? apiKeyId = null)
    {
        WorkspaceId = workspaceId;
        Role = role;
        Name = name;
        UserId = userId;
        ApiKeyId = apiKeyId;
    }
}

public static class ActorPermissions
{
    public static bool Can(this ICurrentActor actor, Permission permission) =>
        actor.Role is { } role && Permissions.Allows(role, permission);

    /// <summary>Throws <see cref="Common.ForbiddenException"/> unless the actor's role allows it.</summary>
    public static void Demand(this ICurrentActor actor, Permission permission)
    {
        if (!actor.Can(permission))
            throw new Common.ForbiddenException(string.Format(Messages.Forbidden, Permissions.Describe(permission)));
    }
}
