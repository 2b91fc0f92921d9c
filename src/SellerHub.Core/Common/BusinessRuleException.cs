namespace SellerHub.Common;

/// <summary>
/// Input that breaks a business rule. Carries one or more field-level messages, already in the
/// caller's language (CurrentUICulture); nothing has been written when it is thrown.
/// </summary>
public sealed class BusinessRuleException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static BusinessRuleException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects field errors so a form reports every problem at once, not the first.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.OrdinalIgnoreCase);

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validation Require(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, Messages.Required);
        else if (value.Trim().Length > maxLength) Add(field, string.Format(Messages.TooLong, maxLength));
        return this;
    }

    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new BusinessRuleException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}

/// <summary>The request contradicts what is stored (an idempotency key reused for a different request).</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The thing asked for does not exist in this workspace (or belongs to another).</summary>
public sealed class NotFoundException(string what) : Exception(what);

/// <summary>The caller's role does not allow this change.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
