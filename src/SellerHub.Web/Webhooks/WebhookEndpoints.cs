using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Carriers;
using SellerHub.Channels;
using SellerHub.Common;
using SellerHub.Persistence;

namespace SellerHub.Web.Webhooks;

/// <summary>
/// Marketplace and carrier pushes. Each is verified (HMAC over the raw bytes, or the secret in the
/// URL), stored raw under a dedup key with an outbox message in one transaction, and acknowledged
/// with an empty 200 at once; a bad signature is a 401 and stores nothing; a redelivery is a no-op.
/// </summary>
public static class WebhookEndpoints
{
    public static void MapWebhooks(this WebApplication app)
    {
        var hooks = app.MapGroup("/webhooks").ExcludeFromDescription();

        hooks.MapPost("/shopee", async (HttpRequest request, SellerHubDb db, IDataProtectionProvider protection, IConfiguration config) =>
        {
            var raw = await Raw(request);
            var url = CallbackUrl(request, config);
            var verified = await Verified(db, protection, ChannelType.Shopee, app => Same(Hmac(app.Secret, Concat(url + "|", raw)), request.Headers.Authorization));
            if (verified.Count == 0) return Unauthorized();
            if (Json(raw) is not { } body) return await Unreadable(db, "Shopee", raw, verified);
            var shopId = body["shop_id"]?.ToString();
            var data = body["data"];
            var key = $"{shopId}:{body["code"]}:{data?["ordersn"]}:{data?["status"]}:{data?["tracking_no"]}:{data?["item_id"]}:{data?["update_time"] ?? body["timestamp"]}";
            return await Store(db, "Shopee", key, shopId, ChannelType.Shopee, raw, verified);
        });

        // Lazada and TikTok sign alike: hex(HMAC(app secret, app key + raw body)).
        hooks.MapPost("/lazada", (HttpRequest request, SellerHubDb db, IDataProtectionProvider protection) =>
            SignedOverAppKey(request, db, protection, ChannelType.Lazada, body =>
            {
                var data = body["data"];
                var shopId = body["seller_id"]?.ToString();
                return (shopId, $"{shopId}:{body["message_type"]}:{data?["trade_order_id"]}:{data?["order_status"]}:{data?["status_update_time"]}:{data?["reverse_order_id"]}");
            }));

        hooks.MapPost("/tiktok", (HttpRequest request, SellerHubDb db, IDataProtectionProvider protection) =>
            SignedOverAppKey(request, db, protection, ChannelType.TikTokShop, body =>
            {
                var shopId = body["shop_id"]?.ToString();
                return (shopId, body["tts_notification_id"]?.ToString() ?? $"{shopId}:{body["type"]}:{body["timestamp"]}:{body["data"]?.ToJsonString()}");
            }));

        hooks.MapPost("/ghn/{secret}", async (string secret, HttpRequest request, SellerHubDb db) =>
        {
            var carrier = await Carrier(db, CarrierType.Ghn, secret);
            if (carrier is null) return Unauthorized();
            var raw = await Raw(request);
            if (Json(raw) is not { } body) return Results.BadRequest();
            var key = $"{body["OrderCode"]}:{body["Type"]}:{body["Status"]}:{body["Time"]}";
            return await Store(db, "GHN", key, carrier.CarrierShopId, null, raw, [carrier.WorkspaceId]);
        });

        hooks.MapPost("/ghtk", async (string? hash, HttpRequest request, SellerHubDb db) =>
        {
            var carrier = hash is null ? null : await Carrier(db, CarrierType.Ghtk, hash);
            if (carrier is null) return Unauthorized();
            var raw = await Raw(request);
            // GHTK posts a form; some accounts get JSON. Stored as sent, keyed by what identifies the status change.
            var fields = request.HasFormContentType || !raw.AsSpan().TrimStart((byte)' ').StartsWith("{"u8)
                ? System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(raw))
                : null;
            var json = fields is null ? Json(raw) : null;
            string? Field(string name) => fields?[name] ?? json?[name]?.ToString();
            if (Field("label_id") is null) return Results.BadRequest();
            var key = $"{Field("label_id")}:{Field("status_id")}:{Field("action_time")}";
            return await Store(db, "GHTK", key, null, null, raw, [carrier.WorkspaceId]);
        });
    }

    private static async Task<IResult> SignedOverAppKey(HttpRequest request, SellerHubDb db, IDataProtectionProvider protection, ChannelType channel,
        Func<JsonNode, (string? ShopId, string Key)> identify)
    {
        var raw = await Raw(request);
        var verified = await Verified(db, protection, channel, app => Same(Hmac(app.Secret, Concat(app.Key, raw)), request.Headers.Authorization));
        if (verified.Count == 0) return Unauthorized();
        if (Json(raw) is not { } body) return await Unreadable(db, channel.ToString(), raw, verified);
        var (shopId, key) = identify(body);
        return await Store(db, channel.ToString(), key, shopId, channel, raw, verified);
    }

    /// <param name="workspaces">The workspaces whose secret verified the push; the event belongs to the one holding the shop.</param>
    private static async Task<IResult> Store(SellerHubDb db, string source, string key, string? externalShopId, ChannelType? channel, byte[] raw, IReadOnlyList<Guid> workspaces)
    {
        if (await db.WebhookEvents.AnyAsync(e => e.Source == source && e.DedupKey == key)) return Results.Ok();
        Guid? workspaceId = channel is null ? workspaces[0] : null;
        if (channel is not null && externalShopId is not null)
        {
            var owners = await db.Shops.IgnoreQueryFilters()
                .Where(s => s.Channel == channel && s.MarketplaceShopId == externalShopId && workspaces.Contains(s.WorkspaceId))
                .Select(s => new { s.WorkspaceId, s.Connection }).Distinct().ToListAsync();
            // A shop left behind in an old workspace yields to the one where it is connected now.
            if (owners.Count > 1) owners = owners.Where(o => o.Connection != ShopConnection.NotConnected).ToList();
            workspaceId = owners.Count == 1 ? owners[0].WorkspaceId : null; // unknown or claimed twice: kept, but not handed to anyone
        }
        var stored = new WebhookEvent { Source = source, DedupKey = key, ExternalShopId = externalShopId, WorkspaceId = workspaceId, Body = Encoding.UTF8.GetString(raw) };
        db.WebhookEvents.Add(stored);
        await db.PublishAsync(new WebhookReceived(stored.Id, source));
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The same push raced itself in: the first one stored it.
        }
        return Results.Ok();
    }

    /// <summary>
    /// A push signed by a known app whose body is not JSON (or not UTF-8): kept raw with the reason for
    /// support and the sync log, answered 400 so the sender knows, and never processed.
    /// </summary>
    private static async Task<IResult> Unreadable(SellerHubDb db, string source, byte[] raw, IReadOnlyList<Guid> workspaces)
    {
        var key = "unreadable:" + Convert.ToHexString(SHA256.HashData(raw));
        const string error = "Nội dung không phải JSON UTF-8 hợp lệ";
        if (!await db.WebhookEvents.AnyAsync(e => e.Source == source && e.DedupKey == key))
        {
            db.WebhookEvents.Add(new WebhookEvent
            {
                Source = source, DedupKey = key, WorkspaceId = workspaces.Count == 1 ? workspaces[0] : null, Error = error,
                Body = Encoding.UTF8.GetString(raw), ProcessedAt = DateTime.UtcNow,
            });
            try { await db.SaveChangesAsync(); }
            catch (DbUpdateException e) when (UniqueViolation.Is(e)) { }
        }
        return Results.Problem(statusCode: 400, title: "Unreadable push", detail: error);
    }

    private sealed record App(string Key, string Secret);

    /// <summary>The workspaces whose app for this channel signed the push.</summary>
    private static async Task<List<Guid>> Verified(SellerHubDb db, IDataProtectionProvider protection, ChannelType channel, Func<App, bool> signedBy)
    {
        var protector = protection.CreateProtector(ChannelAppSetting.SecretPurpose);
        var apps = await db.ChannelApps.IgnoreQueryFilters().Where(a => a.Channel == channel).Select(a => new { a.WorkspaceId, a.AppKey, a.ProtectedSecret }).ToListAsync();
        return apps.Where(a => signedBy(new App(a.AppKey, protector.Unprotect(a.ProtectedSecret)))).Select(a => a.WorkspaceId).ToList();
    }

    private static Task<CarrierConnection?> Carrier(SellerHubDb db, CarrierType carrier, string secret) =>
        db.CarrierConnections.IgnoreQueryFilters().FirstOrDefaultAsync(c => c.Carrier == carrier && c.WebhookSecret == secret && c.IsActive);

    /// <summary>The URL Shopee signed: the configured public base (behind a proxy) or the one we were called on.</summary>
    private static string CallbackUrl(HttpRequest request, IConfiguration config) =>
        config["Webhooks:PublicBaseUrl"] is { Length: > 0 } publicBase
            ? publicBase.TrimEnd('/') + request.Path + request.QueryString
            : $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";

    private static async Task<byte[]> Raw(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static byte[] Concat(string prefix, byte[] raw) => [.. Encoding.UTF8.GetBytes(prefix), .. raw];

    private static string Hmac(string secret, byte[] message) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));

    private static bool Same(string expected, Microsoft.Extensions.Primitives.StringValues presented) =>
        presented.ToString() is { Length: > 0 } p && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(p.Trim().ToLowerInvariant()));

    /// <summary>The body as JSON, or null when it is not JSON or not UTF-8 (the parser alone lets bad bytes inside strings through).</summary>
    private static JsonNode? Json(byte[] raw)
    {
        if (!System.Text.Unicode.Utf8.IsValid(raw)) return null;
        try { return JsonNode.Parse(raw); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private static IResult Unauthorized() => Results.Problem(statusCode: 401, title: "Unauthorized", detail: "The signature or secret does not match.");
}
