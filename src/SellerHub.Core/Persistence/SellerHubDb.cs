using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using SellerHub.Audit;
using SellerHub.Carriers;
using SellerHub.Channels;
using SellerHub.Inventory;
using SellerHub.Workspaces;
using Wolverine.EntityFrameworkCore;

namespace SellerHub.Persistence;

/// <summary>
/// The one unit of work. Reads are scoped to the actor's workspace by global query filters;
/// writes are checked against it in <see cref="SaveChangesAsync(bool, CancellationToken)"/>.
/// Messages published here are stored in the same transaction (Wolverine's outbox) and
/// handed to their queues after the commit.
/// </summary>
public sealed class SellerHubDb(DbContextOptions<SellerHubDb> options, ICurrentActor actor, IServiceProvider? services = null)
    : IdentityUserContext<StaffUser, Guid>(options), IDataProtectionKeyContext
{
    private IDbContextOutbox? _outbox;

    public ICurrentActor Actor => actor;

    /// <summary>The workspace the query filters scope to; null (system) sees nothing scoped.</summary>
    public Guid? CurrentWorkspaceId => actor.WorkspaceId;

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Shop> Shops => Set<Shop>();
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ChannelAppSetting> ChannelApps => Set<ChannelAppSetting>();
    public DbSet<CarrierConnection> CarrierConnections => Set<CarrierConnection>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<VendorCall> VendorCalls => Set<VendorCall>();
    public DbSet<Catalog.Product> Products => Set<Catalog.Product>();
    public DbSet<Catalog.ProductBarcode> ProductBarcodes => Set<Catalog.ProductBarcode>();
    public DbSet<StockBalance> StockBalances => Set<StockBalance>();
    public DbSet<StockReservation> StockReservations => Set<StockReservation>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<Catalog.Listing> Listings => Set<Catalog.Listing>();
    public DbSet<Catalog.ListingLink> ListingLinks => Set<Catalog.ListingLink>();
    public DbSet<Catalog.StockPushLog> StockPushLogs => Set<Catalog.StockPushLog>();
    public DbSet<StockCount> StockCounts => Set<StockCount>();
    public DbSet<Catalog.ShopBuffer> ShopBuffers => Set<Catalog.ShopBuffer>();
    public DbSet<Orders.Order> Orders => Set<Orders.Order>();
    public DbSet<Orders.RejectedOrder> RejectedOrders => Set<Orders.RejectedOrder>();
    public DbSet<Fulfillment.Shipment> Shipments => Set<Fulfillment.Shipment>();

    /// <summary>Queues a message in this unit of work's outbox: it is stored by the next SaveChanges.</summary>
    public ValueTask PublishAsync<T>(T message) where T : notnull
    {
        if (_outbox is null)
        {
            if (services is null) throw new InvalidOperationException("This SellerHubDb was built without services, so it has no outbox.");
            _outbox = services.GetRequiredService<IDbContextOutbox>();
            _outbox.Enroll(this);
            // One unit of work may commit several times (an import commits order by order); each
            // commit's messages must be sent, where Wolverine by default sends only the first batch.
            if (_outbox is Wolverine.Runtime.MessageContext context) context.MultiFlushMode = Wolverine.Runtime.MultiFlushMode.AllowMultiples;
        }
        return _outbox.PublishAsync(message);
    }

    /// <summary>
    /// Hands committed messages to their queues. SaveChanges does it itself when it owns the
    /// transaction; call this after committing an explicit transaction.
    /// </summary>
    public Task FlushMessagesAsync() => _outbox?.FlushOutgoingMessagesAsync() ?? Task.CompletedTask;

    /// <summary>
    /// Runs work in the caller's transaction when there is one (the caller commits and sends the messages), else in a
    /// transaction of its own, committed and its messages sent.
    /// </summary>
    public async Task InTransactionAsync(Func<Task> work, CancellationToken ct)
    {
        if (Database.CurrentTransaction is not null)
        {
            await work();
            return;
        }
        await using var tx = await Database.BeginTransactionAsync(ct);
        await work();
        await tx.CommitAsync(ct);
        await FlushMessagesAsync();
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenancy();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (Database.CurrentTransaction is null) await FlushMessagesAsync();
        return saved;
    }

    /// <summary>Only library code (Data Protection's key ring) saves synchronously; ours is async.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenancy();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        if (Database.CurrentTransaction is null) FlushMessagesAsync().GetAwaiter().GetResult();
        return saved;
    }

    /// <summary>Stamps new rows with the actor's workspace and refuses to touch another's.</summary>
    private void GuardTenancy()
    {
        if (actor.WorkspaceId is null) return; // the system acts across workspaces
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
            if (entry.State is EntityState.Added) Stamp(entry.Entity);
            else if (entry.State is EntityState.Modified or EntityState.Deleted) Check(entry.Entity);
    }

    /// <summary>A new row gets the actor's workspace; one already given another's is refused.</summary>
    internal void Stamp(ITenantOwned row)
    {
        if (actor.WorkspaceId is not { } workspaceId) return;
        if (row.WorkspaceId == Guid.Empty) row.WorkspaceId = workspaceId;
        Check(row);
    }

    private void Check(ITenantOwned row)
    {
        if (actor.WorkspaceId is { } workspaceId && row.WorkspaceId != workspaceId)
            throw new InvalidOperationException($"Refused to write a {row.GetType().Name} of another workspace.");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<StaffRole>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<ChannelType>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<AuditAction>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<ShopConnection>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<Carriers.CarrierType>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<ReservationStatus>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<MovementKind>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<Catalog.LinkState>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<StockCountStatus>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<Orders.OrderStatus>().HaveConversion<string>().HaveMaxLength(24);
        builder.Properties<Carriers.ShipmentStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<StaffUser>(e => e.Property(u => u.DisplayName).HasMaxLength(200));

        b.Entity<Workspace>(e =>
        {
            e.Property(w => w.Name).HasMaxLength(200);
            e.Property(w => w.Phone).HasMaxLength(20);
            e.Property(w => w.TimeZoneId).HasMaxLength(64);
        });

        b.Entity<Member>(e =>
        {
            e.HasQueryFilter(m => m.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(m => new { m.WorkspaceId, m.UserId }).IsUnique();
            e.HasIndex(m => m.UserId);
            e.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId);
            e.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId);
        });

        b.Entity<Invitation>(e =>
        {
            e.HasQueryFilter(i => i.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.Property(i => i.Contact).HasMaxLength(256);
            e.Property(i => i.TokenHash).HasMaxLength(64);
            e.HasOne<Workspace>().WithMany().HasForeignKey(i => i.WorkspaceId);
        });

        b.Entity<ApiKey>(e =>
        {
            e.HasQueryFilter(k => k.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(k => k.Prefix).IsUnique();
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Prefix).HasMaxLength(12);
            e.Property(k => k.SecretHash).HasMaxLength(64);
            e.HasOne<Workspace>().WithMany().HasForeignKey(k => k.WorkspaceId);
        });

        b.Entity<Shop>(e =>
        {
            e.HasQueryFilter(s => s.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(s => new { s.WorkspaceId, s.Channel, s.MarketplaceShopId }).IsUnique();
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.MarketplaceShopId).HasMaxLength(64);
            e.Property(s => s.Region).HasMaxLength(8);
            e.Property(s => s.ShopCipher).HasMaxLength(64);
            e.Property(s => s.PushRatio).HasPrecision(5, 4);
            e.Property(s => s.AutoApproveMaxCod).HasPrecision(18, 2);
            e.Property(s => s.LastError).HasMaxLength(500);
            e.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId);
            e.HasOne<Warehouse>().WithMany().HasForeignKey(s => s.DefaultWarehouseId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Warehouse>(e =>
        {
            e.HasQueryFilter(w => w.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(w => new { w.WorkspaceId, w.Code }).IsUnique();
            e.Property(w => w.Code).HasMaxLength(32);
            e.Property(w => w.Name).HasMaxLength(200);
            e.Property(w => w.Phone).HasMaxLength(20);
            e.Property(w => w.Address).HasMaxLength(300);
            e.Property(w => w.ProvinceCode).HasMaxLength(2);
            e.Property(w => w.WardCode).HasMaxLength(5);
            e.HasOne<Workspace>().WithMany().HasForeignKey(w => w.WorkspaceId);
        });

        b.Entity<ChannelAppSetting>(e =>
        {
            e.HasQueryFilter(a => a.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(a => new { a.WorkspaceId, a.Channel }).IsUnique();
            e.Property(a => a.AppKey).HasMaxLength(100);
            e.Property(a => a.BaseUrl).HasMaxLength(300);
            e.Property(a => a.AuthBaseUrl).HasMaxLength(300);
            e.Property(a => a.ServiceId).HasMaxLength(64);
            e.HasOne<Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId);
        });

        b.Entity<Carriers.CarrierConnection>(e =>
        {
            e.HasQueryFilter(c => c.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(c => c.WebhookSecret).IsUnique();
            e.Property(c => c.Name).HasMaxLength(100);
            e.Property(c => c.CarrierShopId).HasMaxLength(32);
            e.Property(c => c.WebhookSecret).HasMaxLength(64);
            e.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId);
            e.HasOne<Warehouse>().WithMany().HasForeignKey(c => c.PickupWarehouseId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Fulfillment.Shipment>(e =>
        {
            e.HasQueryFilter(x => x.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(x => new { x.WorkspaceId, x.IdempotencyKey }).IsUnique();
            e.HasIndex(x => x.OrderId);
            e.Property(x => x.IdempotencyKey).HasMaxLength(64);
            e.Property(x => x.TrackingCode).HasMaxLength(64);
            e.Property(x => x.Fee).HasPrecision(18, 2);
            e.HasOne<Orders.Order>().WithMany().HasForeignKey(x => x.OrderId);
            e.HasOne<Carriers.CarrierConnection>().WithMany().HasForeignKey(x => x.CarrierConnectionId).OnDelete(DeleteBehavior.Restrict);
        });

        // Inbound pushes are not tenant-filtered: they arrive before anyone knows whose they are.
        b.Entity<WebhookEvent>(e =>
        {
            e.HasIndex(w => new { w.Source, w.DedupKey }).IsUnique();
            e.HasIndex(w => w.ProcessedAt);
            e.Property(w => w.Source).HasMaxLength(16);
            e.Property(w => w.DedupKey).HasMaxLength(200);
            e.Property(w => w.ExternalShopId).HasMaxLength(64);
            e.Property(w => w.Error).HasMaxLength(300);
        });

        // Read through the workspace's shops (the sync log page), so no filter of its own.
        b.Entity<VendorCall>(e =>
        {
            e.HasIndex(c => new { c.ShopId, c.At });
            e.HasIndex(c => c.At);
            e.Property(c => c.Vendor).HasMaxLength(16);
            e.Property(c => c.Method).HasMaxLength(8);
            e.Property(c => c.Endpoint).HasMaxLength(200);
            e.Property(c => c.Outcome).HasMaxLength(16);
            e.Property(c => c.VendorError).HasMaxLength(300);
        });

        b.Entity<Catalog.Product>(e =>
        {
            e.HasQueryFilter(p => p.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(p => new { p.WorkspaceId, p.SkuKey }).IsUnique();
            e.Property(p => p.Sku).HasMaxLength(64);
            e.Property(p => p.SkuKey).HasMaxLength(64);
            e.Property(p => p.Name).HasMaxLength(300);
            e.Property(p => p.Attributes).HasMaxLength(200);
            e.Property(p => p.ImageUrl).HasMaxLength(500);
            e.Property(p => p.CostPrice).HasPrecision(18, 2);
            e.Property(p => p.LengthCm).HasPrecision(8, 1);
            e.Property(p => p.WidthCm).HasPrecision(8, 1);
            e.Property(p => p.HeightCm).HasPrecision(8, 1);
            e.HasMany(p => p.Components).WithOne().HasForeignKey(c => c.ComboId);
            e.HasMany(p => p.Barcodes).WithOne().HasForeignKey(b => b.ProductId);
            e.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId);
        });

        b.Entity<Catalog.ComboComponent>(e =>
        {
            e.HasKey(c => new { c.ComboId, c.ComponentId });
            e.HasOne(c => c.Component).WithMany().HasForeignKey(c => c.ComponentId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Catalog.ProductBarcode>(e =>
        {
            e.HasQueryFilter(p => p.WorkspaceId == CurrentWorkspaceId);
            e.HasKey(p => new { p.WorkspaceId, p.Code });
            e.Property(p => p.Code).HasMaxLength(64);
        });

        b.Entity<Catalog.Listing>(e =>
        {
            e.HasQueryFilter(l => l.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(l => new { l.ShopId, l.ChannelItemId, l.ChannelModelId }).IsUnique();
            e.HasIndex(l => new { l.ShopId, l.PushDirty });
            e.Property(l => l.ChannelItemId).HasMaxLength(64);
            e.Property(l => l.ChannelModelId).HasMaxLength(64);
            e.Property(l => l.SellerSku).HasMaxLength(100);
            e.Property(l => l.Name).HasMaxLength(300);
            e.Property(l => l.Price).HasPrecision(18, 2);
            e.Property(l => l.ChannelStatus).HasMaxLength(32);
            e.Property(l => l.UnlinkedReason).HasMaxLength(300);
            e.Property(l => l.LastPushError).HasMaxLength(300);
            e.Property(l => l.LinkSummary).HasMaxLength(300);
            e.HasMany(l => l.Links).WithOne().HasForeignKey(k => k.ListingId);
            e.HasOne<Shop>().WithMany().HasForeignKey(l => l.ShopId);
        });

        b.Entity<Catalog.ListingLink>(e =>
        {
            e.HasKey(k => new { k.ListingId, k.ProductId });
            e.HasIndex(k => k.ProductId);
            e.HasOne<Catalog.Product>().WithMany().HasForeignKey(k => k.ProductId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Catalog.StockPushLog>(e =>
        {
            e.HasQueryFilter(l => l.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(l => new { l.ListingId, l.At });
            e.Property(l => l.Error).HasMaxLength(300);
        });

        b.Entity<Orders.Order>(e =>
        {
            e.HasQueryFilter(o => o.WorkspaceId == CurrentWorkspaceId);
            // With the workspace in it, it matches the import's lookup whole, so SQLite picks it even without statistics.
            e.HasIndex(o => new { o.ShopId, o.WorkspaceId, o.ChannelOrderId }).IsUnique();
            // The list's shapes at a million orders (bench/): each tab, "all", a shop, each warning, newest first.
            e.HasIndex(o => new { o.WorkspaceId, o.Status, o.OrderedAt });
            e.HasIndex(o => new { o.WorkspaceId, o.OrderedAt, o.Id }).IsDescending(false, true, false);
            e.HasIndex(o => new { o.WorkspaceId, o.ShopId, o.OrderedAt, o.Id }).IsDescending(false, false, true, false);
            foreach (var w in Enum.GetValues<SellerHub.Orders.OrderWarning>().Where(w => w != SellerHub.Orders.OrderWarning.None))
                e.HasIndex(o => new { o.WorkspaceId, o.OrderedAt, o.Id }, $"IX_Orders_Warning_{w}").IsDescending(false, true, false)
                    .HasFilter($"(\"Warnings\" & {(int)w}) <> 0");
            e.HasIndex(o => new { o.WorkspaceId, o.Status, o.Warnings }); // the tab and warning counts, read from the index alone
            e.HasIndex(o => new { o.WorkspaceId, o.ShopId, o.Status, o.Warnings });
            e.HasIndex(o => o.RecipientPhone);
            e.HasIndex(o => o.ChannelOrderId);
            e.Property(o => o.ChannelOrderId).HasMaxLength(64);
            e.Property(o => o.ChannelStatus).HasMaxLength(32);
            e.Property(o => o.BuyerName).HasMaxLength(200);
            e.Property(o => o.RecipientName).HasMaxLength(200);
            e.Property(o => o.RecipientPhone).HasMaxLength(32);
            e.Property(o => o.RecipientAddress).HasMaxLength(500);
            e.Property(o => o.PaymentMethod).HasMaxLength(64);
            e.Property(o => o.BuyerNote).HasMaxLength(1000);
            e.Property(o => o.CancelRequestId).HasMaxLength(64);
            e.Property(o => o.AnsweredCancelRequest).HasMaxLength(64);
            e.HasIndex(o => new { o.WorkspaceId, o.IdempotencyKey }).IsUnique();
            e.Property(o => o.IdempotencyKey).HasMaxLength(100);
            e.Property(o => o.RequestFingerprint).HasMaxLength(64);
            e.Property(o => o.RecipientProvinceCode).HasMaxLength(8);
            e.Property(o => o.RecipientWardCode).HasMaxLength(8);
            e.Property(o => o.AddressReview).HasMaxLength(500);
            e.Property(o => o.AddressCandidates).HasMaxLength(200);
            e.Property(o => o.WarningDetail).HasMaxLength(1000);
            e.Property(o => o.SearchText).HasMaxLength(600);
            foreach (var money in new[] { "Total", "CodAmount", "ShippingFee" }) e.Property(money).HasPrecision(18, 2);
            e.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
            e.HasMany(o => o.Timeline).WithOne().HasForeignKey(t => t.OrderId);
            e.HasOne<Shop>().WithMany().HasForeignKey(o => o.ShopId);
        });

        b.Entity<Orders.OrderLine>(e =>
        {
            e.Property(l => l.ChannelLineId).HasMaxLength(64);
            e.Property(l => l.ChannelItemId).HasMaxLength(64);
            e.Property(l => l.ChannelModelId).HasMaxLength(64);
            e.Property(l => l.SellerSku).HasMaxLength(100);
            e.Property(l => l.Name).HasMaxLength(300);
            e.Property(l => l.Components).HasMaxLength(1000);
            e.Property(l => l.UnitPrice).HasPrecision(18, 2);
        });

        b.Entity<Orders.RejectedOrder>(e =>
        {
            e.HasQueryFilter(r => r.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(r => new { r.ShopId, r.ChannelOrderId }).IsUnique();
            e.Property(r => r.ChannelOrderId).HasMaxLength(64);
            e.Property(r => r.Error).HasMaxLength(500);
            e.HasOne<Shop>().WithMany().HasForeignKey(r => r.ShopId);
        });

        b.Entity<Orders.OrderEvent>(e =>
        {
            e.HasIndex(t => new { t.OrderId, t.At });
            e.Property(t => t.Text).HasMaxLength(500);
            e.Property(t => t.ActorName).HasMaxLength(200);
        });

        b.Entity<Catalog.ShopBuffer>(e =>
        {
            e.HasQueryFilter(x => x.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(x => new { x.ShopId, x.ProductId }).IsUnique();
            e.HasOne<Shop>().WithMany().HasForeignKey(x => x.ShopId);
            e.HasOne<Catalog.Product>().WithMany().HasForeignKey(x => x.ProductId);
        });

        b.Entity<StockCount>(e =>
        {
            e.HasQueryFilter(c => c.WorkspaceId == CurrentWorkspaceId);
            e.Property(c => c.CreatedBy).HasMaxLength(200);
            e.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CountId);
            e.HasOne<Warehouse>().WithMany().HasForeignKey(c => c.WarehouseId);
        });

        b.Entity<StockCountLine>(e =>
        {
            e.HasKey(l => new { l.CountId, l.ProductId });
            e.HasOne<Catalog.Product>().WithMany().HasForeignKey(l => l.ProductId);
        });

        b.Entity<StockBalance>(e =>
        {
            e.HasQueryFilter(x => x.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(x => new { x.ProductId, x.WarehouseId }).IsUnique();
            e.HasIndex(x => x.WorkspaceId);
            e.Ignore(x => x.Available);
            e.HasOne<Catalog.Product>().WithMany().HasForeignKey(x => x.ProductId);
            e.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId);
        });

        b.Entity<StockReservation>(e =>
        {
            e.HasQueryFilter(x => x.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(x => new { x.WorkspaceId, x.OrderLineKey, x.ProductId, x.WarehouseId }).IsUnique();
            e.HasIndex(x => new { x.ProductId, x.WarehouseId, x.Status });
            e.Property(x => x.OrderLineKey).HasMaxLength(200);
            e.Ignore(x => x.Shortage);
        });

        b.Entity<StockMovement>(e =>
        {
            e.HasQueryFilter(x => x.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(x => new { x.ProductId, x.WarehouseId, x.At });
            e.Property(x => x.Reason).HasMaxLength(300);
            e.Property(x => x.Reference).HasMaxLength(200);
            e.Property(x => x.ActorName).HasMaxLength(200);
        });

        b.Entity<AuditEntry>(e =>
        {
            e.HasQueryFilter(a => a.WorkspaceId == CurrentWorkspaceId);
            e.HasIndex(a => new { a.WorkspaceId, a.OccurredAt });
            e.Property(a => a.ActorName).HasMaxLength(200);
            e.Property(a => a.EntityType).HasMaxLength(64);
            e.Property(a => a.EntityId).HasMaxLength(64);
            e.Property(a => a.Changes).HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
                v => JsonSerializer.Deserialize<List<FieldChange>>(v, JsonSerializerOptions.Web) ?? new List<FieldChange>(),
                new ValueComparer<List<FieldChange>>((x, y) => x!.SequenceEqual(y!), v => v.Count, v => v.ToList()));
            e.HasOne<Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId);
        });
    }

    /// <summary>SQLite hands DateTimes back without a kind; everything we store is UTC.</summary>
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
