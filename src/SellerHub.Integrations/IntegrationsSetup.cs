using Microsoft.Extensions.DependencyInjection;
using SellerHub.Carriers;
using SellerHub.Channels;
using SellerHub.Integrations.Ghn;
using SellerHub.Integrations.Ghtk;
using SellerHub.Integrations.Http;
using SellerHub.Integrations.Shopee;

namespace SellerHub.Integrations;

public static class IntegrationsSetup
{
    /// <summary>Registers every adapter and its HTTP client (recorded, retried, time-limited).</summary>
    public static IServiceCollection AddSellerHubIntegrations(this IServiceCollection services, Action<GhnOptions>? ghn = null, Action<GhtkOptions>? ghtk = null)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddVendorClient(ShopeeChannel.Vendor);
        services.AddVendorClient(GhnCarrier.Vendor);
        services.AddVendorClient(GhtkCarrier.Vendor);
        services.AddSingleton<ShopeeChannel>();
        services.AddSingleton<ISalesChannel>(sp => sp.GetRequiredService<ShopeeChannel>());
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
