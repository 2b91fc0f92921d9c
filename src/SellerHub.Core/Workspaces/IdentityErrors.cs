using Microsoft.AspNetCore.Identity;
using SellerHub.Common;

namespace SellerHub.Workspaces;

/// <summary>Identity's password and account messages, in the user's language.</summary>
public sealed class LocalizedIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = string.Format(Messages.PasswordTooShort, length) };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = Messages.PasswordRequiresDigit };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = Messages.PasswordRequiresLower };
    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = Messages.PasswordRequiresUpper };
    public override IdentityError PasswordRequiresNonAlphanumeric() => new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = Messages.PasswordRequiresNonAlphanumeric };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = string.Format(Messages.EmailTaken, email) };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = string.Format(Messages.EmailTaken, userName) };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = Messages.EmailInvalid };
}

public static class IdentityErrors
{
    /// <summary>Adds the password rules a password breaks, so a form reports them with the other fields.</summary>
    public static async Task CheckPasswordAsync(UserManager<StaffUser> users, StaffUser user, string? password, Validation v, string field)
    {
        if (string.IsNullOrEmpty(password)) return; // already reported as required
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            foreach (var error in result.Errors) v.Add(field, error.Description);
        }
    }

    public static BusinessRuleException ToException(IdentityResult result, string field) =>
        new(new Dictionary<string, string[]> { [field] = result.Errors.Select(e => e.Description).ToArray() });
}
