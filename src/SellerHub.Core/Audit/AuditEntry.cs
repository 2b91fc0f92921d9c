using SellerHub.Persistence;

namespace SellerHub.Audit;

public enum AuditAction
{
    Created,
    Updated,
    Deleted,
}

/// <summary>One change to a setting: who, when, which entity, which fields, before → after.</summary>
public sealed class AuditEntry : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; set; }
    public DateTime OccurredAt { get; init; }
    public Guid? ActorUserId { get; init; }
    public required string ActorName { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    public AuditAction Action { get; init; }
    public required List<FieldChange> Changes { get; init; }
    /// <summary>Set when the SettingsChanged notice for this entry has been handled.</summary>
    public DateTime? NotifiedAt { get; set; }
}

/// <summary>A field's value before and after, as display text; secrets are masked.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>Published through the outbox in the same transaction as the change it reports.</summary>
public sealed record SettingsChanged(
    Guid AuditEntryId,
    Guid WorkspaceId,
    string EntityType,
    string EntityId,
    AuditAction Action,
    string ActorName,
    DateTime OccurredAt,
    IReadOnlyList<FieldChange> Changes);
