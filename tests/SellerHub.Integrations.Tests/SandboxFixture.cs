using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SellerHub.Channels;
using SellerHub.Integrations;
using SellerHub.Integrations.Http;
using SellerHub.Integrations.Shopee;

namespace SellerHub.Integrations.Tests;

/// <summary>A sandbox on a random port and SellerHub's adapters pointed at it, with short waits between retries.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public WebApplication Sandbox { get; private set; } = null!;
    public Uri Base { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public ListedPages Pages { get; } = new();

    public async ValueTask InitializeAsync()
    {
        (Sandbox, var address) = await SellerHub.Sandbox.SandboxServer.StartAsync();
        Base = address;
        Admin = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
        var services = new ServiceCollection().AddLogging();
        services.Configure<VendorHttpOptions>(o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(2);
            o.FirstDelay = TimeSpan.FromMilliseconds(20);
        });
        services.AddSellerHubIntegrations(
            ghn => { ghn.BaseUrl = new Uri(address, "/ghn/shiip/public-api").ToString(); ghn.PrintBaseUrl = new Uri(address, "/ghn/a5/public-api").ToString(); },
            ghtk => ghtk.BaseUrl = new Uri(address, "/ghtk").ToString());
        foreach (var vendor in new[] { ShopeeChannel.Vendor, SellerHub.Integrations.Lazada.LazadaChannel.Vendor, SellerHub.Integrations.TikTokShop.TikTokShopChannel.Vendor })
            services.AddHttpClient(vendor).AddHttpMessageHandler(() => Pages.Watch(vendor));
        Services = services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Admin.Dispose();
        await Sandbox.StopAsync();
        await Sandbox.DisposeAsync();
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public ChannelApp ShopeeApp => new(new Uri(Base, "/shopee").ToString(), "2001887", "shpk-sandbox-partner-key-0001");

    /// <summary>Authorises the sandbox's Shopee shop through the real redirect flow.</summary>
    public async Task<ChannelAccount> ConnectShopee(List<ChannelTokens>? stored = null)
    {
        var shopee = Get<ShopeeChannel>();
        var consent = await Admin.GetAsync(shopee.AuthorizationUrl(ShopeeApp, "https://sellerhub.test/channels/shopee/callback"));
        var query = System.Web.HttpUtility.ParseQueryString(consent.Headers.Location!.Query);
        Assert.StartsWith("https://sellerhub.test/channels/shopee/callback", consent.Headers.Location.ToString());
        var tokens = await shopee.ExchangeCodeAsync(ShopeeApp, query["code"]!, query["shop_id"]!, CancellationToken.None);
        return new ChannelAccount
        {
            App = ShopeeApp, ShopId = Guid.NewGuid(), MarketplaceShopId = query["shop_id"]!, Tokens = tokens,
            TokensRefreshed = (t, _) => { stored?.Add(t); return Task.CompletedTask; },
        };
    }

    public ChannelApp LazadaApp => new(new Uri(Base, "/lazada/rest").ToString(), "100001", "lzd-sandbox-app-secret-0001", new Uri(Base, "/lazada/auth").ToString());

    public ChannelApp TikTokApp => new(new Uri(Base, "/tiktok").ToString(), "6abc123sandbox", "tts-sandbox-app-secret-0001", new Uri(Base, "/tiktok/auth").ToString());

    public async Task<ChannelAccount> ConnectLazada(List<ChannelTokens>? stored = null)
    {
        var lazada = Get<SellerHub.Integrations.Lazada.LazadaChannel>();
        var consent = await Admin.GetAsync(lazada.AuthorizationUrl(LazadaApp, "https://sellerhub.test/channels/lazada/callback", "state-1"));
        var query = System.Web.HttpUtility.ParseQueryString(consent.Headers.Location!.Query);
        Assert.Equal("state-1", query["state"]);
        var (tokens, sellerId) = await lazada.ExchangeCodeAsync(LazadaApp, query["code"]!, CancellationToken.None);
        return new ChannelAccount
        {
            App = LazadaApp, ShopId = Guid.NewGuid(), MarketplaceShopId = sellerId, Tokens = tokens,
            TokensRefreshed = (t, _) => { stored?.Add(t); return Task.CompletedTask; },
        };
    }

    public async Task<ChannelAccount> ConnectTikTok(List<ChannelTokens>? stored = null)
    {
        var tiktok = Get<SellerHub.Integrations.TikTokShop.TikTokShopChannel>();
        var consent = await Admin.GetAsync(tiktok.AuthorizationUrl(TikTokApp, "7300000000000000001", "https://sellerhub.test/channels/tiktok/callback", "state-2"));
        var query = System.Web.HttpUtility.ParseQueryString(consent.Headers.Location!.Query);
        var (tokens, shopId, cipher) = await tiktok.ExchangeCodeAsync(TikTokApp, query["code"]!, CancellationToken.None);
        return new ChannelAccount
        {
            App = TikTokApp, ShopId = Guid.NewGuid(), MarketplaceShopId = shopId, ShopCipher = cipher, Tokens = tokens,
            TokensRefreshed = (t, _) => { stored?.Add(t); return Task.CompletedTask; },
        };
    }

    public async Task<JsonElement> Json(string path) => JsonDocument.Parse(await Admin.GetStringAsync(path)).RootElement;
}
