using System.Net;
using System.Text.Json;
using SellerHub.IntegrationTests.Infrastructure;

namespace SellerHub.IntegrationTests;

/// <summary>The first visit, health, metrics and API docs, on each database.</summary>
public abstract class HostTests(Db kind) : IAsyncLifetime
{
    private TestApp app = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => app = await TestApp.StartAsync(kind);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_first_visit_goes_to_setup_and_setup_closes_once_done()
    {
        var client = app.Client();
        var first = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/setup", first.Headers.Location!.ToString());

        var invalid = await Browser.PostFormAsync(client, "/setup", "setup", new()
        {
            ["Input.WorkspaceName"] = "Shop An Nhiên", ["Input.Phone"] = "12345", ["Input.TimeZoneId"] = "Asia/Ho_Chi_Minh",
            ["Input.OwnerEmail"] = "chu@annhien.vn", ["Input.OwnerPassword"] = "short",
        });
        var page = await invalid.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Số điện thoại không hợp lệ", page);
        Assert.Contains("ít nhất 8 ký tự", page);
        Assert.Contains("ít nhất một chữ số", page);
        var shouting = await Browser.PostFormAsync(client, "/setup", "setup", new()
        {
            ["Input.WorkspaceName"] = "Shop An Nhiên", ["Input.Phone"] = "0912345678", ["Input.TimeZoneId"] = "Asia/Ho_Chi_Minh",
            ["Input.OwnerEmail"] = "chu@annhien.vn", ["Input.OwnerPassword"] = "MATKHAU123",
        });
        Assert.Contains("ít nhất một chữ thường", await shouting.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, await app.As(null, null, (db, _) => db.Workspaces.CountAsync(Ct)));

        var done = await Browser.PostFormAsync(client, "/setup", "setup", new()
        {
            ["Input.WorkspaceName"] = "Shop An Nhiên", ["Input.Phone"] = "0912345678", ["Input.TimeZoneId"] = "Asia/Ho_Chi_Minh",
            ["Input.OwnerName"] = "Chị An", ["Input.OwnerEmail"] = "chu@annhien.vn", ["Input.OwnerPassword"] = "matkhau123",
        });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var workspace = await app.As(null, null, (db, _) => db.Workspaces.SingleAsync(Ct));
        Assert.Equal("Shop An Nhiên", workspace.Name);
        Assert.Equal("Asia/Ho_Chi_Minh", workspace.TimeZoneId);
        Assert.Equal("+84912345678", workspace.Phone);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Ct)).StatusCode);
        var setupAgain = await app.Client().GetAsync("/setup", Ct);
        Assert.Equal(HttpStatusCode.Redirect, setupAgain.StatusCode);
        Assert.Equal("/login", setupAgain.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Health_metrics_and_api_docs_answer()
    {
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);
        var ready = await client.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(Ct));

        await client.GetAsync("/health/live", Ct);
        var metrics = await client.GetStringAsync("/metrics", Ct);
        Assert.Contains("http_server_request_duration", metrics);

        var openApi = JsonDocument.Parse(await client.GetStringAsync("/api/docs/openapi/v1.json", Ct)).RootElement;
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/warehouses", paths);
        Assert.Contains("/api/v1/shops", paths);
        Assert.Contains("/api/v1/members", paths);
        Assert.Contains("/api/v1/audit", paths);
        var docs = await client.GetAsync("/api/docs/", Ct);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("text/html", docs.Content.Headers.ContentType!.MediaType);
    }
}

public sealed class HostTestsOnSqlite() : HostTests(Db.Sqlite);

public sealed class HostTestsOnPostgres() : HostTests(Db.Postgres);
