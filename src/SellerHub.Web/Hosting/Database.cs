using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SellerHub.Audit;
using SellerHub.Persistence;
using Wolverine;
using Wolverine.EntityFrameworkCore;
using Wolverine.Persistence;
using Wolverine.Postgresql;
using Wolverine.Sqlite;

namespace SellerHub.Web.Hosting;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which database SellerHub runs on. SQLite in ./data/sellerhub.db unless a PostgreSQL
/// connection string (or Database:Provider=Postgres) is given. Both keep Wolverine's outbox
/// in the same database as the business tables, so a change and its messages commit together.
/// </summary>
public sealed record Database(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=./data/sellerhub.db";
    public const string WolverineSchema = "wolverine";

    public static Database From(IConfiguration config)
    {
        var postgres = config.GetConnectionString("Postgres");
        var provider = config["Database:Provider"] is { Length: > 0 } named
            ? Enum.Parse<DatabaseProvider>(named, ignoreCase: true)
            : string.IsNullOrWhiteSpace(postgres) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

        if (provider == DatabaseProvider.Postgres)
            return new(provider, postgres ?? throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Postgres is empty."));

        // Busy timeout: Microsoft.Data.Sqlite retries a locked database for the command timeout.
        var sqlite = new SqliteConnectionStringBuilder(config.GetConnectionString("Sqlite") ?? DefaultSqlite) { DefaultTimeout = 30, Pooling = true };
        if (Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource)) is { } folder) Directory.CreateDirectory(folder);
        return new(provider, sqlite.ToString());
    }

    public void ConfigureDbContext(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.Sqlite)
            options.UseSqlite(ConnectionString, o => o.MigrationsAssembly("SellerHub.Migrations.Sqlite"));
        else
            options.UseNpgsql(ConnectionString, o => o.MigrationsAssembly("SellerHub.Migrations.Postgres"));

        options.AddInterceptors(new SettingsTrailInterceptor());
        // Wolverine maps its envelope tables into the runtime model; they are Wolverine's to create,
        // not our migrations' (a test proves our migrations match our own model).
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    public void ConfigureWolverine(WolverineOptions opts, IConfiguration config)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            opts.PersistMessagesWithSqlite(ConnectionString);
            // One process owns a SQLite file: recover its inbox at once after a crash.
            opts.Durability.Mode = DurabilityMode.Solo;
            // SQLite has one write lock: don't hold it for the whole handler.
            opts.UseEntityFrameworkCoreTransactions(TransactionMiddlewareMode.Lightweight);
        }
        else
        {
            opts.PersistMessagesWithPostgresql(ConnectionString, WolverineSchema);
            opts.Durability.Mode = config.GetValue("Outbox:Solo", false) ? DurabilityMode.Solo : DurabilityMode.Balanced;
            // Balanced: a killed instance's messages wait until the others see it gone. Wolverine's defaults
            // took about 80 s here; a heartbeat every 5 s and 4 missed ones bring that down (a test measures it).
            opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(5);
            opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(20);
            opts.Durability.NodeReassignmentPollingTime = TimeSpan.FromSeconds(5);
            opts.UseEntityFrameworkCoreTransactions();
        }
    }

    /// <summary>Applies this provider's migrations; on SQLite also turns on WAL (kept in the file) and refreshes the planner's statistics.</summary>
    public async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SellerHubDb>();
        if (Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await db.Database.MigrateAsync(ct);
        // SQLite plans by its statistics only once ANALYZE has run: refresh what has changed, within a bounded effort.
        if (Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;", ct);
    }
}
