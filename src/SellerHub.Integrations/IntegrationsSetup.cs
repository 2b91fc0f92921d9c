using Microsoft.Extensions.DependencyInjection;
using SellerHub.Carriers;
using SellerHub.Channels;
using SellerHub.Integrations.Ghn;
using SellerHub.Integrations.Ghtk;
using SellerHub.Integrations.Http;
using SellerHub.Integrations.Lazada;
using SellerHub.Integrations.TikTokShop;
using SellerHub.Integrations.Shopee;

namespace SellerHub.Integrations;

public static class IntegrationsSetup
{
    /// <summary>Registers every adapter and its HTTP client (recorded, retried, time-limited).</summary>
    public static IServiceCollection AddSellerHubIntegrations(this IServiceCollection services, Action<GhnOptions>? ghn = null, Action<GhtkOptions>? ghtk = null)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddVendorClient(ShopeeChannel.Vendor);
        // Lazada says "slow down" with HTTP 200 and ApiCallLimit in the body.
        services.AddVendorClient(LazadaChannel.Vendor, body => body.Contains("\"ApiCallLimit\"") || body.Contains("\"E901\""));
        services.AddVendorClient(TikTokShopChannel.Vendor);
        services.AddVendorClient(GhnCarrier.Vendor);
        services.AddVendorClient(GhtkCarrier.Vendor);
        services.AddSingleton<ShopeeChannel>();
        services.AddSingleton<LazadaChannel>();
        services.AddSingleton<TikTokShopChannel>();
        services.AddSingleton<ISalesChannel>(sp => sp.GetRequiredService<ShopeeChannel>());
        services.AddSingleton<ISalesChannel>(sp => sp.GetRequiredService<LazadaChannel>());
        services.AddSingleton<ISalesChannel>(sp => sp.GetRequiredService<TikTokShopChannel>());
        var ghnOptions = new GhnOptions();
        ghn?.Invoke(ghnOptions);
        var ghtkOptions = new GhtkOptions();
        ghtk?.Invoke(ghtkOptions);
        services.AddSingleton(ghnOptions);
        services.AddSingleton(ghtkOptions);
        services.AddSingleton<ICarrier, GhnCarrier>();
        services.AddSingleton<ICarrier, GhtkCarrier>();
        return services;
    }
}
