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

    public async Task<JsonElement> Json(string path) => JsonDocument.Parse(await Admin.GetStringAsync(path)).RootElement;
}
