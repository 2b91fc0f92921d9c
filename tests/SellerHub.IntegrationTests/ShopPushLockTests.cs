using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using SellerHub.Channels;
using SellerHub.Inventory;
using SellerHub.IntegrationTests.Infrastructure;

namespace SellerHub.IntegrationTests;

/// <summary>
/// Several instances on one PostgreSQL each run their own push queue: a shop's push waits while another instance
/// holds that shop's push lock, so an older quantity never reaches the channel after a newer one.
/// </summary>
public sealed class ShopPushLockTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private TestApp App => fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_shops_push_waits_while_another_instance_pushes_that_shop()
    {
        var w = await App.NewWorkspaceAsync();
        var shop = Guid.CreateVersion7();
        var key = BitConverter.ToInt64(shop.ToByteArray(), 8); // the key the push takes for this shop

        // "Another instance" holds the shop's push lock on its own connection.
        await using var other = new NpgsqlConnection(App.Database.ConnectionString);
        await other.OpenAsync(Ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({key})", other)) await take.ExecuteNonQueryAsync(Ct);

        var push = App.As(w.Id, SellerHub.Workspaces.StaffRole.Owner, async (db, sp) =>
        {
            await PushShopStockHandler.Handle(new PushShopStock(w.Id, shop), db, sp.GetServices<ISalesChannel>(), sp.GetRequiredService<IDataProtectionProvider>(),
                sp.GetRequiredService<Wolverine.IMessageBus>(), Ct);
            return true;
        });
        await Eventually.Get(async () =>
        {
            await using var waiting = new NpgsqlCommand(
                $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND NOT granted AND classid = {(uint)(key >> 32)} AND objid = {(uint)key}", other);
            return (long)(await waiting.ExecuteScalarAsync(Ct))!;
        }, n => n == 1, "the push to wait for the shop's lock");
        Assert.False(push.IsCompleted);

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({key})", other)) await release.ExecuteNonQueryAsync(Ct);
        Assert.True(await push);
    }
}
