using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Catalog;
using SellerHub.Channels;
using SellerHub.Persistence;
using SellerHub.Workspaces;
using Wolverine;
using Wolverine.Attributes;

namespace SellerHub.Inventory;

/// <summary>Push the shop's dirty listings. One message per shop per change burst; pushes coalesce.</summary>
public sealed record PushShopStock(Guid WorkspaceId, Guid ShopId);

/// <summary>
/// Keeps every listing's channel stock true. Stock changes mark the linked listings dirty in the same
/// transaction and queue a <see cref="PushShopStock"/>; the handler sends the quantities in the
/// vendor's largest batches, logs each listing's result, clears only what it actually pushed, and
/// schedules a retry for failures — a push is never dropped.
/// </summary>
public static class ListingPush
{
    /// <summary>How long a failed push waits before it is tried again (tests shorten it).</summary>
    public static TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Marks listings selling these products (directly or through a combo) dirty; queues their shops' pushes.</summary>
    public static async Task MarkDirtyAsync(SellerHubDb db, IReadOnlyCollection<Guid> productIds, CancellationToken ct)
    {
        // One query answers "which shops sell these products, directly or in a combo?"; most stock changes
        // touch products without listings and stop here.
        var listings = db.Listings.Where(l => l.Links.Any(k => productIds.Contains(k.ProductId)
            || db.Products.Any(p => p.Id == k.ProductId && p.IsCombo && p.Components.Any(c => productIds.Contains(c.ComponentId)))));
        var marked = await listings.Select(l => new { l.Id, l.ShopId }).ToListAsync(ct);
        if (marked.Count == 0) return;
        // Locked in id order by the inner SELECT: a multi-row UPDATE alone locks rows in scan order, which moves as
        // rows are rewritten, and two reservations of a hot SKU would deadlock on its listings. (SQLite has one writer.)
        var ids = marked.Select(l => l.Id).Distinct().Order().ToArray();
        if (db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE "Listings" AS l SET "PushDirty" = TRUE, "PushVersion" = l."PushVersion" + 1
                FROM (SELECT "Id" FROM "Listings" WHERE "Id" = ANY({ids}) ORDER BY "Id" FOR UPDATE) AS locked WHERE l."Id" = locked."Id"
                """, ct);
        else
            await db.Listings.Where(l => ids.Contains(l.Id)).ExecuteUpdateAsync(s => s.SetProperty(l => l.PushDirty, true).SetProperty(l => l.PushVersion, l => l.PushVersion + 1), ct);
        await RequestAsync(db, marked.Select(l => l.ShopId), ct);
    }

    /// <summary>Queues a push per shop in this unit of work's outbox (stored by the next SaveChanges).</summary>
    public static async Task RequestAsync(SellerHubDb db, IEnumerable<Guid> shopIds, CancellationToken ct)
    {
        foreach (var shop in shopIds.Distinct()) await db.PublishAsync(new PushShopStock(db.CurrentWorkspaceId!.Value, shop));
        _ = ct;
    }

    /// <summary>What each listing should show: per product max(0, available − buffer + supplementary), divided by the link's pack size, ratio and cap.</summary>
    public static async Task<Dictionary<Guid, int>> QuantitiesAsync(SellerHubDb db, Shop shop, IReadOnlyList<Listing> listings, DateTime now, CancellationToken ct)
    {
        var linked = listings.SelectMany(l => l.Links.Select(k => k.ProductId)).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Include(p => p.Components).Where(p => linked.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var stocked = products.Values.SelectMany(p => p.IsCombo ? p.Components.Select(c => c.ComponentId) : [p.Id]).Distinct().ToList();
        var available = shop.DefaultWarehouseId is { } warehouse
            ? await db.StockBalances.Where(b => b.WarehouseId == warehouse && stocked.Contains(b.ProductId)).ToDictionaryAsync(b => b.ProductId, b => b.OnHand - b.Reserved, ct)
            : [];

        var buffers = await db.ShopBuffers.Where(b => b.ShopId == shop.Id && linked.Contains(b.ProductId)).ToDictionaryAsync(b => b.ProductId, b => b.BufferStock, ct);

        int Sellable(Product p)
        {
            var units = p.IsCombo
                ? StockPolicy.ComboAvailable(p.Components.Select(c => (available.GetValueOrDefault(c.ComponentId), c.Quantity)))
                : available.GetValueOrDefault(p.Id);
            var buffer = buffers.TryGetValue(p.Id, out var own) ? own : p.BufferStock; // the shop's own buffer wins
            return StockPolicy.ListingQuantity(units, buffer, p.SupplementaryStock, p.SupplementaryUntil, 1m, null, now);
        }

        return listings.ToDictionary(l => l.Id, l =>
        {
            var units = l.Links.Count == 0 ? 0 : l.Links.Min(k => products.TryGetValue(k.ProductId, out var p) ? Sellable(p) / Math.Max(1, k.Quantity) : 0);
            return StockPolicy.ListingQuantity(units, 0, 0, null, shop.PushRatio, l.PushCap, now);
        });
    }
}

public static class PushShopStockHandler
{
    [NonTransactional] // the vendor call must not run inside a database transaction
    public static async Task Handle(PushShopStock message, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection,
        IMessageBus bus, CancellationToken ct)
    {
        ((CurrentActor)db.Actor).Set(message.WorkspaceId, StaffRole.Owner, "SellerHub");
        var shop = await db.Shops.FirstOrDefaultAsync(s => s.Id == message.ShopId, ct);
        if (shop is not { IsActive: true, Connection: ShopConnection.Connected }) return; // reconnecting queues a fresh push
        var listings = await db.Listings.Include(l => l.Links).Where(l => l.ShopId == shop.Id && l.PushDirty && l.LinkState == LinkState.Linked).ToListAsync(ct);
        if (listings.Count == 0) return; // an earlier message of the same burst already pushed them

        var now = DateTime.UtcNow;
        var versions = listings.ToDictionary(l => l.Id, l => l.PushVersion);
        var quantities = await ListingPush.QuantitiesAsync(db, shop, listings, now, ct);
        var pushes = listings.Select(l => new Channels.StockPush(l.ChannelItemId, l.ChannelModelId, quantities[l.Id])).ToList();
        var byKey = listings.ToDictionary(l => (l.ChannelItemId, l.ChannelModelId));

        IReadOnlyList<StockPushResult> results;
        try
        {
            var setting = await db.ChannelApps.SingleAsync(a => a.Channel == shop.Channel, ct);
            var account = ConnectShop.Account(shop, SaveChannelApp.ToApp(setting, protection), protection, db);
            results = await channels.Single(c => c.Channel == shop.Channel).PushStockAsync(account, pushes, ct);
        }
        catch (ChannelException e)
        {
            if (ConnectShop.LostAuthorisation(e)) await ConnectShop.RecordErrorAsync(db, shop.Id, e, ct);
            results = pushes.Select(p => new StockPushResult(p, false, $"{e.Code}: {e.VendorMessage}")).ToList();
        }

        foreach (var result in results)
        {
            var listing = byKey[(result.Push.ListingId, result.Push.ModelId ?? "0")];
            db.StockPushLogs.Add(new StockPushLog { ListingId = listing.Id, Quantity = result.Push.Quantity, Succeeded = result.Succeeded, Error = Trim(result.Error), At = now });
            listing.LastPushAt = now;
            listing.LastPushError = result.Succeeded ? null : Trim(result.Error);
            if (result.Succeeded)
            {
                listing.LastPushedQuantity = result.Push.Quantity;
                listing.ChannelStock = result.Push.Quantity;
            }
        }
        await db.SaveChangesAsync(ct);

        // Clear only what was pushed and has not changed since it was read.
        foreach (var result in results.Where(r => r.Succeeded))
        {
            var listing = byKey[(result.Push.ListingId, result.Push.ModelId ?? "0")];
            var version = versions[listing.Id];
            await db.Listings.Where(l => l.Id == listing.Id && l.PushVersion == version).ExecuteUpdateAsync(s => s.SetProperty(l => l.PushDirty, false), ct);
        }
        if (results.Any(r => !r.Succeeded)) await bus.ScheduleAsync(message, ListingPush.RetryAfter);
    }

    private static string? Trim(string? text) => text is { Length: > 300 } ? text[..300] : text;
}
