namespace SellerHub.Persistence;

/// <summary>A business row that belongs to exactly one workspace.</summary>
public interface ITenantOwned
{
    Guid WorkspaceId { get; set; }
}

/// <summary>A settings row whose every change is written to the audit trail.</summary>
public interface IAuditedSetting
{
    Guid Id { get; }

    /// <summary>False for rows that arrive in bulk from a channel: only later changes are settings changes.</summary>
    bool AuditsCreation => true;
}

/// <summary>Marks a property whose value must never reach the audit trail or a log.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>Marks a property that is bookkeeping, not a setting (e.g. last used at).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
