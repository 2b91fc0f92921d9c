using Microsoft.Extensions.Configuration;
using SellerHub.Web.Hosting;

namespace SellerHub.IntegrationTests;

/// <summary>Which database the settings choose, as the README's table says.</summary>
public sealed class DatabaseChoiceTests
{
    private static Database From(params (string Key, string Value)[] settings) =>
        Database.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void A_postgres_connection_string_alone_chooses_postgres()
    {
        var db = From(("ConnectionStrings:Postgres", "Host=db;Database=sellerhub"));
        Assert.Equal(DatabaseProvider.Postgres, db.Provider);
        Assert.Equal("Host=db;Database=sellerhub", db.ConnectionString);
    }

    [Fact]
    public void Without_settings_it_is_sqlite_in_the_data_folder_with_a_busy_timeout()
    {
        var db = From();
        Assert.Equal(DatabaseProvider.Sqlite, db.Provider);
        Assert.Contains("Data Source=./data/sellerhub.db", db.ConnectionString);
        Assert.Contains("Default Timeout=30", db.ConnectionString);
    }

    [Fact]
    public void The_provider_setting_wins_and_postgres_without_a_connection_string_is_refused()
    {
        Assert.Equal(DatabaseProvider.Sqlite, From(("ConnectionStrings:Postgres", "Host=db"), ("Database:Provider", "sqlite")).Provider);
        var refused = Assert.Throws<InvalidOperationException>(() => From(("Database:Provider", "Postgres")));
        Assert.Contains("ConnectionStrings:Postgres", refused.Message);
    }
}
