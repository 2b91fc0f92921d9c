using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SellerHub.Persistence;

namespace SellerHub.Migrations.Sqlite;

/// <summary>Lets `dotnet ef` build the model for this provider's migration set; never used at run time.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SellerHubDb>
{
    public SellerHubDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SellerHubDb>().UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name)).Options, new CurrentActor());
}
