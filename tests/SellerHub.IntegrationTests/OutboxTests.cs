using System.Collections.Concurrent;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Persistence;
using Wolverine;

namespace SellerHub.IntegrationTests;

/// <summary>Wolverine's outbox on our database: all or nothing, retried, delivered once.</summary>
public abstract class OutboxTests(Db kind) : IAsyncLifetime
{
    private TestApp app = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        app = await TestApp.StartAsync(kind, b => b.Services.ConfigureWolverine(o => o.Discovery.IncludeType(typeof(OutboxProbes))));

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_message_published_by_a_handler_that_then_fails_is_never_delivered()
    {
        var id = Guid.NewGuid();
        await Publish(new PublishThenFail(id));

        // 1 try + 3 retries, then the dead-letter queue; the rolled-back work never happened.
        await Eventually.Get(() => Task.FromResult(OutboxProbes.Attempts.GetValueOrDefault(id)), n => n == 4, "all attempts of the failing handler");
        await Eventually.Get(DeadLetters, n => n >= 1, "the failed message in the dead-letter queue");
        await Task.Delay(1500, Ct); // would a leaked cascade arrive, it would arrive by now
        Assert.False(OutboxProbes.Delivered.ContainsKey(id));
        Assert.False(await app.As(null, null, (db, _) => db.DataProtectionKeys.AnyAsync(k => k.FriendlyName == "probe-" + id, Ct)));
    }

    [Fact]
    public async Task A_committed_message_is_delivered_exactly_once_though_its_first_two_attempts_throw()
    {
        var id = Guid.NewGuid();
        await Publish(new FlakyWork(id));

        await Eventually.Get(() => Task.FromResult(OutboxProbes.Delivered.GetValueOrDefault(id)), n => n >= 1, "the flaky message to succeed");
        await Task.Delay(1500, Ct); // a duplicate delivery would show up here
        Assert.Equal(3, OutboxProbes.Attempts[id]);
        Assert.Equal(1, OutboxProbes.Delivered[id]);
        Assert.Equal(1, await app.As(null, null, (db, _) => db.DataProtectionKeys.CountAsync(k => k.FriendlyName == "probe-" + id, Ct)));
    }

    [Fact]
    public async Task A_message_of_a_transaction_that_rolls_back_is_never_delivered()
    {
        var id = Guid.NewGuid();
        await app.As(null, null, async (db, _) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await db.PublishAsync(new FlakyWork(id));
            await db.SaveChangesAsync(Ct);
            await tx.RollbackAsync(Ct);
            return 0;
        });
        await Task.Delay(2000, Ct);
        Assert.False(OutboxProbes.Attempts.ContainsKey(id));
    }

    private Task Publish(object message) => app.As(null, null, async (db, _) =>
    {
        await db.PublishAsync(message);
        return await db.SaveChangesAsync(Ct);
    });

    private async Task<int> DeadLetters()
    {
        var counts = await app.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Storage.Admin.FetchCountsAsync();
        return counts.DeadLetter;
    }
}

public sealed record PublishThenFail(Guid Id);

public sealed record FlakyWork(Guid Id);

public sealed record Cascaded(Guid Id);

/// <summary>Test-only handlers; counters are per message id so tests never see each other's.</summary>
public static class OutboxProbes
{
    public static readonly ConcurrentDictionary<Guid, int> Attempts = new();
    public static readonly ConcurrentDictionary<Guid, int> Delivered = new();

    public static async Task Handle(PublishThenFail message, SellerHubDb db, IMessageContext bus)
    {
        Attempts.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
        db.DataProtectionKeys.Add(new() { FriendlyName = "probe-" + message.Id, Xml = "<probe/>" });
        await bus.PublishAsync(new Cascaded(message.Id));
        throw new InvalidOperationException("fails after publishing");
    }

    public static void Handle(Cascaded message) => Delivered.AddOrUpdate(message.Id, 1, (_, n) => n + 1);

    public static void Handle(FlakyWork message, SellerHubDb db)
    {
        if (Attempts.AddOrUpdate(message.Id, 1, (_, n) => n + 1) <= 2) throw new TimeoutException("transient");
        db.DataProtectionKeys.Add(new() { FriendlyName = "probe-" + message.Id, Xml = "<probe/>" });
        Delivered.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
    }
}

public sealed class OutboxTestsOnSqlite() : OutboxTests(Db.Sqlite);

public sealed class OutboxTestsOnPostgres() : OutboxTests(Db.Postgres);
