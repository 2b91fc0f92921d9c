using System.Security.Cryptography;
using System.Text;

namespace SellerHub.Sandbox.Vendors;

public static class Signatures
{
    public static string HmacSha256Hex(string key, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message)));

    /// <summary>Constant-time comparison of hex signatures, case-insensitive.</summary>
    public static bool Same(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected.ToLowerInvariant()), Encoding.ASCII.GetBytes(presented.ToLowerInvariant()));
}
