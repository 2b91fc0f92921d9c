using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.Inventory;
using SellerHub.Orders;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Demo;

/// <summary>
/// "Dùng thử với cửa hàng mẫu": a workspace with a warehouse, the sandbox shops' products (one
/// combo, one product left for the user to link, one almost sold out), Shopee, Lazada and TikTok Shop
/// shops trading with the in-process sandbox, their orders pulled and a buyer asking to cancel — the
/// tabs and warnings are full before the first page loads. The owner's password is generated and
/// returned once (the setup page signs in; the <c>demo</c> verb prints it).
/// </summary>
public static class CreateDemoWorkspace
{
    public sealed record Result(Guid WorkspaceId, Guid OwnerUserId, string OwnerEmail, string OwnerPassword);

    public const string Name = "Cửa hàng mẫu An Nhiên";

    public static async Task<Result> Handle(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<SellerHubDb>();
        var actor = sp.GetRequiredService<CurrentActor>();
        var sandbox = sp.GetRequiredService<DemoSandbox>();
        var users = sp.GetRequiredService<UserManager<StaffUser>>();

        var demos = await db.Workspaces.CountAsync(w => w.IsDemo, ct);
        var email = demos == 0 ? "demo@sellerhub.local" : $"demo{demos + 1}@sellerhub.local";
        var password = "demo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant() + "7";
        actor.Set(null, null, email);
        var setUp = await SetUpWorkspace.Handle(new(Name, "0912345678", null, "Chủ shop (dùng thử)", email, password), db, users, ct);
        await db.Workspaces.Where(w => w.Id == setUp.WorkspaceId).ExecuteUpdateAsync(s => s.SetProperty(w => w.IsDemo, true), ct);
        actor.Set(setUp.WorkspaceId, StaffRole.Owner, "Chủ shop (dùng thử)", setUp.OwnerUserId);

        var warehouse = await SaveWarehouse.Handle(new(null, "HCM01", "Kho Sài Gòn", "0987654321", "12 Lê Lợi", "79", "26740"), db, ct);
        await sandbox.AdminAsync();
        await AddCatalogAsync(db, sandbox.World, warehouse.Id, ct);
        var protection = sp.GetRequiredService<IDataProtectionProvider>();
        foreach (var (channel, name) in new[] { (ChannelType.Shopee, "Shopee – Mẹ Bé An Nhiên"), (ChannelType.Lazada, "Lazada – An Nhiên Official"), (ChannelType.TikTokShop, "TikTok Shop – An Nhiên Store") })
            await SaveShop.Handle(new SaveShop.Command(null, channel, name, null, "VN", warehouse.Id, true), db, protection, ct);

        await sandbox.AttachAsync(setUp.WorkspaceId, ct);
        await AskToCancelAsync(db, sandbox, sp, ct);
        return new Result(setUp.WorkspaceId, setUp.OwnerUserId, email, password);
    }

    /// <summary>
    /// A product per SKU the demo shops sell, with stock. The combo of three socks is a real combo;
    /// the phone case has no SKU on the marketplace, so its orders wait for the user to link it;
    /// the sunscreen has one unit left, so its orders show Hết hàng.
    /// </summary>
    private static async Task AddCatalogAsync(SellerHubDb db, Sandbox.World.SandboxWorld world, Guid warehouse, CancellationToken ct)
    {
        List<(string Sku, string Name, decimal Price)> sold;
        lock (world.Sync)
            sold = world.Shops.First().Items.SelectMany(i => i.Models.Select(m => (m.Sku, Name: i.HasModels ? $"{i.Name} – {m.Name}" : i.Name, m.Price)))
                .Where(m => m.Sku is not null && m.Sku != "COMBO-3-TAT").Select(m => (m.Sku!, m.Name, m.Price)).ToList();
        var random = new Random(7);
        foreach (var (sku, name, price) in sold)
        {
            var product = await SaveProduct.Handle(new(null, sku, name, null, null, 300, Math.Round(price * 0.55m / 1000) * 1000), db, ct);
            await StockEngine.AdjustAsync(db, product.Id, warehouse, sku == "KCN-50" ? 1 : random.Next(8, 60), MovementKind.Receipt, "Tồn đầu kỳ (cửa hàng mẫu)", null, ct);
        }
        var socks = await SaveProduct.Handle(new(null, "TAT", "Tất cổ ngắn", null, null, 50, 12000), db, ct);
        await StockEngine.AdjustAsync(db, socks.Id, warehouse, 90, MovementKind.Receipt, "Tồn đầu kỳ (cửa hàng mẫu)", null, ct);
        await SaveProduct.Handle(new(null, "COMBO-3-TAT", "Combo 3 đôi tất cổ ngắn", null, null, 150, 36000, [new SaveProduct.Component(socks.Id, 3)]), db, ct);
        var phoneCase = await SaveProduct.Handle(new(null, "OP-IP15", "Ốp lưng iPhone 15", null, null, 60, 20000), db, ct);
        await StockEngine.AdjustAsync(db, phoneCase.Id, warehouse, 40, MovementKind.Receipt, "Tồn đầu kỳ (cửa hàng mẫu)", null, ct);
    }

    /// <summary>A buyer on Shopee asks to cancel one waiting order, so "Gặp vấn đề" has something to answer.</summary>
    private static async Task AskToCancelAsync(SellerHubDb db, DemoSandbox sandbox, IServiceProvider sp, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var shop = await db.Shops.FirstOrDefaultAsync(s => s.Channel == ChannelType.Shopee && s.Connection == ShopConnection.Connected, ct);
        var order = shop is null ? null : await db.Orders.Where(o => o.ShopId == shop.Id && o.Status == OrderStatus.AwaitingApproval)
            .OrderBy(o => o.OrderedAt).Select(o => o.ChannelOrderId).FirstOrDefaultAsync(ct);
        if (order is null) return;
        var admin = await sandbox.AdminAsync();
        (await admin.PostAsync($"/sandbox/admin/orders/{order}/buyer-cancel", null, ct)).EnsureSuccessStatusCode();
        await PullOrders.Handle(shop!.Id, db, sp.GetRequiredService<IEnumerable<ISalesChannel>>(), sp.GetRequiredService<IDataProtectionProvider>(), ct);
    }
}
