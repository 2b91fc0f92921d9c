using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Vendors;

/// <summary>Sends an order change to the SellerHub-side webhook in the dialect of the order's marketplace.</summary>
public static class OrderEvents
{
    public static void Changed(SandboxOrder order, SandboxWorld world, Webhooks hooks)
    {
        switch (order.Shop.Vendor)
        {
            case Vendor.Shopee: ShopeeApi.PushOrder(order, world, hooks); break;
            case Vendor.Lazada: LazadaApi.PushOrder(order, world, hooks); break;
            case Vendor.TikTok: TikTokApi.PushOrder(order, world, hooks); break;
        }
    }
}
