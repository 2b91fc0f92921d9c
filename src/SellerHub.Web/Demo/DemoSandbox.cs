using System.Net.Http.Json;
using System.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.Integrations.Lazada;
using SellerHub.Integrations.Shopee;
using SellerHub.Integrations.TikTokShop;
using SellerHub.Orders;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Demo;

/// <summary>
/// The marketplace sandbox, hosted inside SellerHub for demo workspaces ("Dùng thử với cửa hàng
/// mẫu"). It starts on a free loopback port when a demo workspace exists (at startup or when one is
/// created); its world is in memory, so each start re-attaches every demo workspace: the apps point
/// at the new address, the shops are authorised again, webhooks come back to this process, and the
/// order generator runs at a gentle rate.
/// </summary>
public sealed class DemoSandbox(IServiceScopeFactory scopes, IServer server, IHostApplicationLifetime lifetime, ILogger<DemoSandbox> log) : IHostedService, IAsyncDisposable
{
    /// <summary>New orders per minute per demo shop: enough to watch tabs fill, few enough to read them.</summary>
    public const double OrdersPerMinute = 1;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication? _sandbox;
    private HttpClient? _admin;

    public Uri? BaseAddress { get; private set; }

    /// <summary>The sandbox's world (catalogs, credentials), once started.</summary>
    public Sandbox.World.SandboxWorld World => _sandbox!.Services.GetRequiredService<Sandbox.World.SandboxWorld>();

    public Task StartAsync(CancellationToken ct)
    {
        // Webhooks need this process's own address, known only once Kestrel listens.
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SellerHubDb>();
                foreach (var workspace in await db.Workspaces.Where(w => w.IsDemo).Select(w => w.Id).ToListAsync())
                    await AttachAsync(workspace, CancellationToken.None);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not re-attach the demo workspaces to the sandbox");
            }
        }));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_sandbox is not null) await _sandbox.StopAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        if (_sandbox is not null) await _sandbox.DisposeAsync();
    }

    /// <summary>The sandbox's admin API (scenario controls: buyer cancels, rates…).</summary>
    public async Task<HttpClient> AdminAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_sandbox is null)
            {
                (_sandbox, var address) = await Sandbox.SandboxServer.StartAsync(url: "http://127.0.0.1:0");
                BaseAddress = address;
                _admin = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
                log.LogInformation("Demo marketplace sandbox listening on {Address}", address);
            }
            return _admin!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Points the workspace's channel apps at the sandbox, authorises its shops, routes webhooks here and starts the order flow.</summary>
    public async Task AttachAsync(Guid workspaceId, CancellationToken ct)
    {
        var admin = await AdminAsync();
        var sandbox = BaseAddress!;
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<CurrentActor>().Set(workspaceId, StaffRole.Owner, "SellerHub");
        var db = sp.GetRequiredService<SellerHubDb>();
        var protection = sp.GetRequiredService<IDataProtectionProvider>();

        var keys = World.Credentials;
        var apps = new (ChannelType Channel, SaveChannelApp.Command App)[]
        {
            (ChannelType.Shopee, new(ChannelType.Shopee, keys.ShopeePartnerId.ToString(), keys.ShopeePartnerKey, new Uri(sandbox, "/shopee").ToString(), null, null)),
            (ChannelType.Lazada, new(ChannelType.Lazada, keys.LazadaAppKey, keys.LazadaAppSecret, new Uri(sandbox, "/lazada/rest").ToString(), new Uri(sandbox, "/lazada/auth").ToString(), null)),
            (ChannelType.TikTokShop, new(ChannelType.TikTokShop, keys.TikTokAppKey, keys.TikTokAppSecret, new Uri(sandbox, "/tiktok").ToString(), new Uri(sandbox, "/tiktok/auth").ToString(), keys.TikTokServiceId)),
        };
        using var consent = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        const string callback = "http://127.0.0.1/channels/demo/callback"; // never followed: the code is read off the redirect
        foreach (var (channel, command) in apps)
        {
            var app = SaveChannelApp.ToApp(await SaveChannelApp.Handle(command, db, protection, ct), protection);
            var shop = await db.Shops.FirstOrDefaultAsync(s => s.Channel == channel, ct);
            if (shop is null) continue;
            var (tokens, marketplaceId, cipher) = channel switch
            {
                ChannelType.Shopee => await Shopee(sp.GetRequiredService<ShopeeChannel>(), app, consent, callback, ct),
                ChannelType.Lazada => await Lazada(sp.GetRequiredService<LazadaChannel>(), app, consent, callback, ct),
                _ => await TikTok(sp.GetRequiredService<TikTokShopChannel>(), app, command.ServiceId!, consent, callback, ct),
            };
            await ConnectShop.Handle(new ConnectShop.Command(shop.Id, marketplaceId, cipher, tokens), db, protection, ct);
            await admin.PutAsJsonAsync($"/sandbox/admin/shops/{Vendor(channel)}/{marketplaceId}/rate", new { OrdersPerMinute }, ct);
        }

        var self = SelfAddress();
        foreach (var (vendor, path) in new[] { ("Shopee", "/webhooks/shopee"), ("Lazada", "/webhooks/lazada"), ("TikTok", "/webhooks/tiktok") })
            await admin.PostAsJsonAsync("/sandbox/admin/webhooks", new { Vendor = vendor, Url = new Uri(self, path).ToString() }, ct);

        var channels = sp.GetRequiredService<IEnumerable<ISalesChannel>>();
        foreach (var shop in await db.Shops.AsNoTracking().Where(s => s.Connection == ShopConnection.Connected).ToListAsync(ct))
        {
            db.ChangeTracker.Clear();
            await SyncListings.Handle(shop.Id, db, channels, protection, ct);
            db.ChangeTracker.Clear();
            await PullOrders.Handle(shop.Id, db, channels, protection, ct);
        }
    }

    private static string Vendor(ChannelType channel) => channel == ChannelType.TikTokShop ? "TikTok" : channel.ToString();

    /// <summary>Where the sandbox reaches this process: the first address Kestrel listens on, wildcards made loopback.</summary>
    private Uri SelfAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        return new Uri(address.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://[::]", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1"));
    }

    private static async Task<Uri> ConsentAsync(HttpClient consent, string url, CancellationToken ct)
    {
        using var response = await consent.GetAsync(url, ct);
        return response.Headers.Location ?? throw new InvalidOperationException($"The sandbox consent page did not redirect ({(int)response.StatusCode}).");
    }

    private static async Task<(ChannelTokens, string, string?)> Shopee(ShopeeChannel shopee, ChannelApp app, HttpClient consent, string callback, CancellationToken ct)
    {
        var query = HttpUtility.ParseQueryString((await ConsentAsync(consent, shopee.AuthorizationUrl(app, callback), ct)).Query);
        return (await shopee.ExchangeCodeAsync(app, query["code"]!, query["shop_id"]!, ct), query["shop_id"]!, null);
    }

    private static async Task<(ChannelTokens, string, string?)> Lazada(LazadaChannel lazada, ChannelApp app, HttpClient consent, string callback, CancellationToken ct)
    {
        var query = HttpUtility.ParseQueryString((await ConsentAsync(consent, lazada.AuthorizationUrl(app, callback, "demo"), ct)).Query);
        var (tokens, seller) = await lazada.ExchangeCodeAsync(app, query["code"]!, ct);
        return (tokens, seller, null);
    }

    private static async Task<(ChannelTokens, string, string?)> TikTok(TikTokShopChannel tiktok, ChannelApp app, string serviceId, HttpClient consent, string callback, CancellationToken ct)
    {
        var query = HttpUtility.ParseQueryString((await ConsentAsync(consent, tiktok.AuthorizationUrl(app, serviceId, callback, "demo"), ct)).Query);
        var (tokens, shopId, cipher) = await tiktok.ExchangeCodeAsync(app, query["code"]!, ct);
        return (tokens, shopId, cipher);
    }
}
