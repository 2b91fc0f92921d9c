using SellerHub.Persistence;
using SellerHub.Web.Hosting;

namespace SellerHub.IntegrationTests.Infrastructure;

/// <summary>A SellerHubDb on a test database without a running app: to look at what a killed process left.</summary>
public static class DirectDb
{
    public static SellerHubDb Open(TestDatabase database)
    {
        var provider = database.Kind == Db.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var options = new DbContextOptionsBuilder<SellerHubDb>();
        new SellerHub.Web.Hosting.Database(provider, database.ConnectionString).ConfigureDbContext(options);
        return new SellerHubDb(options.Options, new CurrentActor());
    }
}
