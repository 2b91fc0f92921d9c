namespace SellerHub.IntegrationTests.Infrastructure;

/// <summary>One running SellerHub per test class and database kind; tests make their own workspaces.</summary>
public abstract class AppFixture(Db kind) : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartAsync(kind);

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
    }
}

public sealed class SqliteApp() : AppFixture(Db.Sqlite);

public sealed class PostgresApp() : AppFixture(Db.Postgres);
