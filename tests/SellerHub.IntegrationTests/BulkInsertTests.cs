using SellerHub.Channels;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Inventory;
using SellerHub.Orders;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests;

/// <summary>The import's write path (INSERT … unnest on PostgreSQL, a prepared INSERT on SQLite) stores what EF would.</summary>
public abstract class BulkInsertTests(AppFixture fixture)
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rows_read_back_exactly_as_written_every_column_type_included()
    {
        var w = await App.NewWorkspaceAsync();
        var at = new DateTime(2026, 11, 26, 3, 4, 5, 678, DateTimeKind.Utc).AddTicks(90); // to the microsecond, PostgreSQL's precision
        var order = new Order
        {
            ChannelOrderId = "BULK-1", Channel = ChannelType.TikTokShop, Status = OrderStatus.CancelRequested, StatusBeforeCancelRequest = OrderStatus.Approved,
            Warnings = OrderWarning.OutOfStock | OrderWarning.PhoneToCheck, BuyerName = "Nguyễn Thị Hoà", RecipientPhone = null, Total = 1_234_567.89m,
            CodAmount = 0.01m, OrderedAt = at, ShipBy = at.AddDays(2), ChannelUpdatedAt = at.AddHours(1), CancelDeadline = null, AddressConfirmed = true, RawJson = """{"ghi_chú":"giao giờ hành chính"}""",
            Lines = [],
        };
        var line = new OrderLine { OrderId = order.Id, ChannelLineId = "1", Name = "Áo thun cổ tròn", Quantity = 3, UnitPrice = 99_000.5m, ListingId = null };
        var movement = new StockMovement { ProductId = Guid.CreateVersion7(), WarehouseId = Guid.CreateVersion7(), Kind = MovementKind.Reservation, ReservedDelta = 3, ActorName = "SellerHub", At = at };

        await App.As(w.Id, StaffRole.Owner, async (db, _) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await new BulkInsert(db).Add([order]).Add([line]).Add([movement]).WriteAsync(Ct);
            await tx.CommitAsync(Ct);
            return 0;
        });

        var stored = await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == order.Id, Ct));
        Assert.Equal(w.Id, stored.WorkspaceId); // stamped like any new row
        Assert.Equal((ChannelType.TikTokShop, OrderStatus.CancelRequested, OrderStatus.Approved), (stored.Channel, stored.Status, stored.StatusBeforeCancelRequest));
        Assert.Equal(OrderWarning.OutOfStock | OrderWarning.PhoneToCheck, stored.Warnings);
        Assert.Equal(("Nguyễn Thị Hoà", (string?)null, 1_234_567.89m, 0.01m), (stored.BuyerName, stored.RecipientPhone, stored.Total, stored.CodAmount));
        Assert.Equal((at, at.AddDays(2), at.AddHours(1), (DateTime?)null, DateTimeKind.Utc), (stored.OrderedAt, stored.ShipBy, stored.ChannelUpdatedAt, stored.CancelDeadline, stored.OrderedAt.Kind));
        Assert.Equal((true, """{"ghi_chú":"giao giờ hành chính"}"""), (stored.AddressConfirmed, stored.RawJson));
        var storedLine = Assert.Single(stored.Lines);
        Assert.Equal(("Áo thun cổ tròn", 3, 99_000.5m, (Guid?)null), (storedLine.Name, storedLine.Quantity, storedLine.UnitPrice, storedLine.ListingId));
        // Found by its keys and values, as EF queries them (a Guid or an enum stored in another form on SQLite would not be).
        Assert.Equal(1, await App.As(w.Id, StaffRole.Owner, (db, _) => db.Orders.CountAsync(o => o.Id == order.Id && o.Status == OrderStatus.CancelRequested && o.Channel == ChannelType.TikTokShop, Ct)));
        Assert.Equal(1, await App.As(w.Id, StaffRole.Owner, (db, _) => db.StockMovements.CountAsync(m => m.ProductId == movement.ProductId && m.Kind == MovementKind.Reservation, Ct)));
    }

    [Fact]
    public async Task A_row_of_another_workspace_or_a_write_outside_a_transaction_is_refused_and_nothing_is_written()
    {
        var (mine, theirs) = (await App.NewWorkspaceAsync(), await App.NewWorkspaceAsync());
        var rows = new[] { "OWN-1", "OTHER-1" }.Select(id => new Order { ChannelOrderId = id, RawJson = "{}", WorkspaceId = id == "OWN-1" ? Guid.Empty : theirs.Id }).ToList();
        var alone = new Order { ChannelOrderId = "OWN-2", RawJson = "{}" };

        var otherWorkspace = await Assert.ThrowsAsync<InvalidOperationException>(() => App.As(mine.Id, StaffRole.Owner, async (db, _) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await new BulkInsert(db).Add(rows).WriteAsync(Ct);
            await tx.CommitAsync(Ct);
            return 0;
        }));
        var noTransaction = await Assert.ThrowsAsync<InvalidOperationException>(() => App.As(mine.Id, StaffRole.Owner, async (db, _) =>
        {
            await new BulkInsert(db).Add([alone]).WriteAsync(Ct);
            return 0;
        }));

        Assert.Contains("another workspace", otherWorkspace.Message);
        Assert.Contains("inside a transaction", noTransaction.Message);
        Assert.Equal(0, await App.As(null, null, (db, _) => db.Orders.IgnoreQueryFilters().CountAsync(o => o.ChannelOrderId.StartsWith("OWN-") || o.ChannelOrderId == "OTHER-1", Ct)));
    }
}

public sealed class BulkInsertTestsOnSqlite(SqliteApp app) : BulkInsertTests(app), IClassFixture<SqliteApp>;

public sealed class BulkInsertTestsOnPostgres(PostgresApp app) : BulkInsertTests(app), IClassFixture<PostgresApp>;
