using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using SellerHub.Persistence;
using SellerHub.Web.Hosting;
using SellerHub.Workspaces;

namespace SellerHub.IntegrationTests.Infrastructure;

/// <summary>
/// SellerHub on a real Kestrel socket (127.0.0.1, random port) against a fresh database:
/// tests talk to it over HTTP exactly as a browser or an API client would.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private TestApp(WebApplication app, TestDatabase database)
    {
        App = app;
        Database = database;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public WebApplication App { get; }
    public TestDatabase Database { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => App.Services;

    public static async Task<TestApp> StartAsync(Db kind, Action<WebApplicationBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(kind);
        var app = SellerHubApp.Build([.. database.Args, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Orders:PullSchedule=off", "--Listings:SyncSchedule=off"], configure);
        await app.Services.GetRequiredService<Database>().MigrateAsync(app.Services);
        app.UseSellerHub();
        await app.StartAsync();
        return new TestApp(app, database);
    }

    /// <summary>A client with its own cookie jar; redirects are not followed so tests can see them.</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = BaseAddress,
        };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Runs code in a scope acting as the given workspace member (or as the system).</summary>
    public async Task<T> As<T>(Guid? workspaceId, StaffRole? role, Func<SellerHubDb, IServiceProvider, Task<T>> work, Guid? userId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(workspaceId, role, "test", userId);
        return await work(scope.ServiceProvider.GetRequiredService<SellerHubDb>(), scope.ServiceProvider);
    }

    /// <summary>A new workspace with an owner (password <see cref="Password"/>) and an Owner API key.</summary>
    public async Task<TestWorkspace> NewWorkspaceAsync(string? name = null)
    {
        var email = $"owner-{Guid.NewGuid():N}@shop.vn";
        var setup = await As(null, null, (db, sp) => SetUpWorkspace.Handle(
            new SetUpWorkspace.Command(name ?? "Shop " + email[6..12], "0912345678", null, "Chủ Shop", email, Password),
            db, sp.GetRequiredService<UserManager<StaffUser>>(), default));
        var key = await As(setup.WorkspaceId, StaffRole.Owner, (db, _) => CreateApiKey.Handle(new("tests", StaffRole.Owner), db, default), setup.OwnerUserId);
        return new TestWorkspace(this, setup.WorkspaceId, setup.OwnerUserId, email, key.PlainText);
    }

    public const string Password = "matkhau123";

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed record TestWorkspace(TestApp App, Guid Id, Guid OwnerUserId, string OwnerEmail, string OwnerApiKey)
{
    public HttpClient Api(string? key = null) => App.Client(key ?? OwnerApiKey);

    /// <summary>A key of this workspace with a smaller role.</summary>
    public async Task<string> KeyFor(StaffRole role) =>
        (await App.As(Id, StaffRole.Owner, (db, _) => CreateApiKey.Handle(new(role + " key", role), db, default), OwnerUserId)).PlainText;

    /// <summary>A warehouse "HCM" and a product with <paramref name="onHand"/> units in it, made through the API.</summary>
    public async Task<(Guid Warehouse, Guid Product)> StockedProductAsync(HttpClient api, string sku, string name, int onHand)
    {
        var warehouse = Guid.Parse((await (await CreateWarehouseAsync(api, "HCM")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!);
        return (warehouse, await AddProductAsync(api, warehouse, sku, name, onHand));
    }

    public async Task<Guid> AddProductAsync(HttpClient api, Guid warehouse, string sku, string name, int onHand)
    {
        var product = Guid.Parse((await (await api.PostAsJsonAsync("/api/v1/products", new { sku, name })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!);
        (await api.PostAsJsonAsync("/api/v1/stock/adjustments", new { productId = product, warehouseId = warehouse, delta = onHand, reason = "Nhập hàng" })).EnsureSuccessStatusCode();
        return product;
    }

    public async Task<HttpResponseMessage> CreateWarehouseAsync(HttpClient client, string code) =>
        await client.PostAsJsonAsync("/api/v1/warehouses", new
        {
            code, name = "Kho " + code, phone = "0987654321", address = "12 Lê Lợi", provinceCode = "79", wardCode = "26740",
        });
}
