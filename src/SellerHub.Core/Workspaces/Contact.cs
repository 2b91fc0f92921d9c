using System.Net.Mail;
using SellerHub.Addresses;

namespace SellerHub.Workspaces;

/// <summary>How a person is reached and signs in: an e-mail (lower case) or a phone (E.164).</summary>
public static class Contact
{
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        raw = raw.Trim();
        if (raw.Contains('@'))
            return MailAddress.TryCreate(raw, out var mail) && mail.Address == raw && mail.Host.Contains('.')
                ? raw.ToLowerInvariant() : null;
        var phone = VietnamesePhone.Check(raw);
        return phone is { Check: PhoneCheck.Valid, IsMobile: true } ? phone.E164 : null;
    }

    public static bool IsEmail(string normalized) => normalized.Contains('@');
}
