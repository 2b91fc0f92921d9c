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
/// <param name="RetryCampaignLocked">Also try listings a campaign locked at their last push (only the periodic check asks).</param>
public sealed record PushShopStock(Guid WorkspaceId, Guid ShopId, bool RetryCampaignLocked = false);

/// <summary>
/// Keeps every listing's channel stock true. Stock changes mark the linked listings dirty in the same
/// transaction and queue a <see cref="PushShopStock"/>; the handler sends the quantities in the
/// vendor's largest batches, logs each listing's result, clears only what it actually pushed, and
/// schedules a retry for failures — a push is never dropped. A listing whose stock a campaign locks
/// is recorded as such and left to the periodic check, not retried on the short loop.
/// </summary>
public static class ListingPush
{
    /// <summary>How long a failed push waits before it is tried again (tests shorten it).</summary>
    public static TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A listing dirty this long without a push attempt lost its message (dead-lettered): the periodic check queues it again.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    /// <summary>How <see cref="Listing.LastPushError"/> starts when the channel refused because a campaign locks the stock.</summary>
    public const string CampaignLocked = "campaign_locked";

    public static bool IsCampaignLocked(string? lastPushError) => lastPushError?.StartsWith(CampaignLocked, StringComparison.Ordinal) == true;

    /// <summary>
    /// Marks listings selling these products (directly or through a combo) dirty — only the given shop's, when one is
    /// given — and queues their shops' pushes.
    /// </summary>
    public static Task MarkDirtyAsync(SellerHubDb db, IReadOnlyCollection<Guid> productIds, CancellationToken ct, Guid? shopId = null)
    {
        var listings = db.Listings.Where(l => l.Links.Any(k => productIds.Contains(k.ProductId)
            || db.Products.Any(p => p.Id == k.ProductId && p.IsCombo && p.Components.Any(c => productIds.Contains(c.ComponentId)))));
        return MarkAsync(db, shopId is { } shop ? listings.Where(l => l.ShopId == shop) : listings, ct);
    }

    /// <summary>Marks every linked listing of a shop dirty (its warehouse or push ratio changed) and queues its push.</summary>
    public static Task MarkShopDirtyAsync(SellerHubDb db, Guid shopId, CancellationToken ct) =>
        MarkAsync(db, db.Listings.Where(l => l.ShopId == shopId && l.LinkState == LinkState.Linked), ct);

    /// <summary>
    /// Marks these listings dirty (their links, cap or channel stock changed) and queues their shops' pushes. Always this
    /// way, never <c>PushVersion++</c> on a loaded listing: a push reading the listing meanwhile would clear the mark
    /// with the version it read, and the change would never reach the channel.
    /// </summary>
    public static Task MarkListingsDirtyAsync(SellerHubDb db, IReadOnlyCollection<Guid> listingIds, CancellationToken ct) =>
        MarkAsync(db, db.Listings.Where(l => listingIds.Contains(l.Id)), ct);

    private static async Task MarkAsync(SellerHubDb db, IQueryable<Listing> listings, CancellationToken ct)
    {
        // One query answers "which shops sell these products?"; most stock changes touch products without listings and stop here.
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
    public static async Task RequestAsync(SellerHubDb db, IEnumerable<Guid> shopIds, CancellationToken ct, bool retryCampaignLocked = false)
    {
        foreach (var shop in shopIds.Distinct()) await db.PublishAsync(new PushShopStock(db.CurrentWorkspaceId!.Value, shop, retryCampaignLocked));
        _ = ct;
    }

    /// <summary>
    /// Supplementary stock counts only until its end date, and nothing changes when the date passes: marks the listings
    /// of products whose supplementary stock ended after their last push. Part of the periodic check.
    /// </summary>
    public static async Task<int> MarkSupplementaryEndedAsync(SellerHubDb db, DateTime now, CancellationToken ct)
    {
        var ended = await db.Products.Where(p => p.SupplementaryStock > 0 && p.SupplementaryUntil <= now
                && db.Listings.Any(l => l.LinkState == LinkState.Linked && l.Links.Any(k => k.ProductId == p.Id) && l.LastPushAt < p.SupplementaryUntil))
            .Select(p => p.Id).ToListAsync(ct);
        if (ended.Count == 0) return 0;
        await db.InTransactionAsync(async () =>
        {
            await MarkDirtyAsync(db, ended, ct);
            await db.SaveChangesAsync(ct);
        }, ct);
        return ended.Count;
    }

    /// <summary>
    /// The sweeper: a push whose message failed for good (dead-lettered) would leave its listings dirty for ever. Queues
    /// a push for every connected shop with a listing dirty and unattempted for <see cref="StaleAfter"/>. Campaign-locked
    /// listings are left to the drift check. Part of the periodic check.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> RequeueStaleAsync(SellerHubDb db, DateTime now, CancellationToken ct)
    {
        var before = now - StaleAfter;
        var shops = await db.Listings.Where(l => l.PushDirty && l.IsActive && l.LinkState == LinkState.Linked && (l.LastPushAt == null || l.LastPushAt < before)
                && !(l.LastPushError != null && l.LastPushError.StartsWith(CampaignLocked))
                && db.Shops.Any(s => s.Id == l.ShopId && s.IsActive && s.Connection == ShopConnection.Connected))
            .Select(l => l.ShopId).Distinct().ToListAsync(ct);
        if (shops.Count == 0) return shops;
        await RequestAsync(db, shops, ct);
        await db.SaveChangesAsync(ct);
        return shops;
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
        await using var _ = await ShopPushLock.TakeAsync(db, message.ShopId, ct);
        var shop = await db.Shops.FirstOrDefaultAsync(s => s.Id == message.ShopId, ct);
        if (shop is not { IsActive: true, Connection: ShopConnection.Connected }) return; // reconnecting queues a fresh push
        // A banned, unlisted or deleted listing refuses stock; it stays dirty and is pushed when the channel sells it again.
        var listings = (await db.Listings.Include(l => l.Links).Where(l => l.ShopId == shop.Id && l.PushDirty && l.IsActive && l.LinkState == LinkState.Linked).ToListAsync(ct))
            .Where(l => message.RetryCampaignLocked || !ListingPush.IsCampaignLocked(l.LastPushError)).ToList();
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
            var error = result.Succeeded ? null : Trim(result.CampaignLocked ? $"{ListingPush.CampaignLocked}: {result.Error}" : result.Error);
            db.StockPushLogs.Add(new StockPushLog { ListingId = listing.Id, Quantity = result.Push.Quantity, Succeeded = result.Succeeded, Error = error, At = now });
            listing.LastPushAt = now;
            listing.LastPushError = error;
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
        // A campaign lock holds until the campaign ends: the periodic check tries it again, the short loop does not.
        if (results.Any(r => r is { Succeeded: false, CampaignLocked: false })) await bus.ScheduleAsync(message with { RetryCampaignLocked = false }, ListingPush.RetryAfter);
    }

    private static string? Trim(string? text) => text is { Length: > 300 } ? text[..300] : text;
}

/// <summary>
/// One shop's pushes, one at a time across instances. Each instance runs its own push queue (one message at a time), but
/// with several instances on one PostgreSQL two could push one shop at once, and an older quantity could reach the
/// channel after a newer one. A session-level advisory lock per shop serialises them; a process that dies releases it
/// with its connection. SQLite has one process.
/// </summary>
internal sealed class ShopPushLock(SellerHubDb db, long key) : IAsyncDisposable
{
    public static async Task<ShopPushLock?> TakeAsync(SellerHubDb db, Guid shopId, CancellationToken ct)
    {
        if (db.Database.ProviderName != "Npgsql.EntityFrameworkCore.PostgreSQL") return null;
        var key = BitConverter.ToInt64(shopId.ToByteArray(), 8);
        await db.Database.OpenConnectionAsync(ct); // the lock belongs to this connection: keep it until released
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_lock({key})", ct);
        return new ShopPushLock(db, key);
    }

    public async ValueTask DisposeAsync()
    {
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_unlock({key})", CancellationToken.None);
        await db.Database.CloseConnectionAsync();
    }
}
