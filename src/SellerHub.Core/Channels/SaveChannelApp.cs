using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Channels;

/// <summary>Sets the workspace's partner/app key and secret for a marketplace (the secret is stored encrypted).</summary>
public static class SaveChannelApp
{
    /// <param name="Secret">Null keeps the stored secret.</param>
    public sealed record Command(ChannelType Channel, string? AppKey, string? Secret, string? BaseUrl, string? AuthBaseUrl, string? ServiceId);

    public static async Task<ChannelAppSetting> Handle(Command c, SellerHubDb db, IDataProtectionProvider protection, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ManageShops);
        var v = new Validation().Require("appKey", c.AppKey, 100).Require("baseUrl", c.BaseUrl, 300);
        if (c.Channel is not (ChannelType.Shopee or ChannelType.Lazada or ChannelType.TikTokShop)) v.Add("channel", Messages.ChannelUnknown);
        foreach (var (field, url) in new[] { ("baseUrl", c.BaseUrl), ("authBaseUrl", c.AuthBaseUrl) })
            if (!string.IsNullOrWhiteSpace(url) && !Uri.TryCreate(url, UriKind.Absolute, out _)) v.Add(field, Messages.UrlInvalid);
        var app = await db.ChannelApps.FirstOrDefaultAsync(a => a.Channel == c.Channel, ct);
        if (app is null && string.IsNullOrWhiteSpace(c.Secret)) v.Add("secret", Messages.Required);
        v.ThrowIfInvalid();

        var protector = protection.CreateProtector(ChannelAppSetting.SecretPurpose);
        if (app is null)
        {
            app = new ChannelAppSetting { Channel = c.Channel, AppKey = "", ProtectedSecret = "", BaseUrl = "" };
            db.ChannelApps.Add(app);
        }
        app.AppKey = c.AppKey!.Trim();
        app.BaseUrl = c.BaseUrl!.Trim();
        app.AuthBaseUrl = string.IsNullOrWhiteSpace(c.AuthBaseUrl) ? null : c.AuthBaseUrl.Trim();
        app.ServiceId = string.IsNullOrWhiteSpace(c.ServiceId) ? null : c.ServiceId.Trim();
        if (!string.IsNullOrWhiteSpace(c.Secret)) app.ProtectedSecret = protector.Protect(c.Secret.Trim());
        await db.SaveChangesAsync(ct);
        return app;
    }

    public static ChannelApp ToApp(ChannelAppSetting setting, IDataProtectionProvider protection) =>
        new(setting.BaseUrl, setting.AppKey, protection.CreateProtector(ChannelAppSetting.SecretPurpose).Unprotect(setting.ProtectedSecret), setting.AuthBaseUrl);
}
