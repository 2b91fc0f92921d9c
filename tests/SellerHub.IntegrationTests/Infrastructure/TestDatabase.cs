using Npgsql;

namespace SellerHub.IntegrationTests.Infrastructure;

public enum Db
{
    Sqlite,
    Postgres,
}

/// <summary>A fresh, empty database of either kind, dropped (or deleted) afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Set by test.sh: a PostgreSQL server connection string (the suite makes its own databases).</summary>
    public const string PostgresVariable = "SELLERHUB_TEST_POSTGRES";

    private TestDatabase(Db kind, string connectionString, string name)
    {
        Kind = kind;
        ConnectionString = connectionString;
        Name = name;
    }

    public Db Kind { get; }
    public string ConnectionString { get; }
    private string Name { get; }

    /// <summary>Configuration keys that point SellerHub at this database.</summary>
    public string[] Args => Kind == Db.Sqlite
        ? [$"--ConnectionStrings:Sqlite={ConnectionString}", "--Database:Provider=Sqlite"]
        : [$"--ConnectionStrings:Postgres={ConnectionString}", "--Database:Provider=Postgres", "--Outbox:Solo=true"];

    public IDictionary<string, string> Environment => Kind == Db.Sqlite
        ? new Dictionary<string, string> { ["ConnectionStrings__Sqlite"] = ConnectionString, ["Database__Provider"] = "Sqlite" }
        : new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = ConnectionString, ["Database__Provider"] = "Postgres", ["Outbox__Solo"] = "true" };

    public static async Task<TestDatabase> CreateAsync(Db kind)
    {
        var name = "sellerhub_t_" + Guid.NewGuid().ToString("N")[..16];
        if (kind == Db.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "sellerhub-tests");
            Directory.CreateDirectory(folder);
            return new TestDatabase(kind, $"Data Source={Path.Combine(folder, name + ".db")}", name);
        }

        var server = System.Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the suite with ./test.sh, which starts a throwaway PostgreSQL and sets it.");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        return new TestDatabase(kind, cs, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (Kind == Db.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(ConnectionString["Data Source=".Length..] + suffix);
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(System.Environment.GetEnvironmentVariable(PostgresVariable));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
