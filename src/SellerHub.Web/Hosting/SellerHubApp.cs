using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;
using SellerHub.Integrations;
using SellerHub.Persistence;
using SellerHub.Web.Api;
using SellerHub.Web.Auth;
using SellerHub.Web.Components;
using SellerHub.Workspaces;
using Wolverine;
using Wolverine.EntityFrameworkCore;
using Wolverine.ErrorHandling;

namespace SellerHub.Web.Hosting;

/// <summary>Everything SellerHub's web host needs, in one place, for the app, the CLI verb and the tests.</summary>
public static class SellerHubApp
{
    public const string DefaultUrl = "http://localhost:5080";
    public static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en-US")];

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Named explicitly so tests and the setup verb, which host it from another entry assembly,
        // find the same static assets and configuration.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(SellerHubApp).Assembly.GetName().Name });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrl);
        // Serve MudBlazor's and Blazor's files from the build output too, not only after publish.
        builder.WebHost.UseStaticWebAssets();
        configure?.Invoke(builder);

        var config = builder.Configuration;
        var services = builder.Services;
        var database = Database.From(config);
        services.AddSingleton(database);
        services.AddSingleton<SetupGate>();

        services.AddScoped<CurrentActor>();
        services.AddScoped<ICurrentActor>(sp => sp.GetRequiredService<CurrentActor>());
        services.AddDbContextWithWolverineIntegration<SellerHubDb>(database.ConfigureDbContext,
            database.Provider == DatabaseProvider.Postgres ? Database.WolverineSchema : null);

        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(SellerHubApp).Assembly;
            opts.Discovery.IncludeAssembly(typeof(SellerHubDb).Assembly);
            opts.UseRuntimeCompilation();
            database.ConfigureWolverine(opts, config);
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);
            // One push at a time: a burst coalesces into the next push, and two pushes never race on a listing.
            opts.LocalQueueFor<SellerHub.Inventory.PushShopStock>().Sequential();
            opts.Schedules.ScheduleRecurring<SellerHub.Inventory.RunStockChecks>("*/30 * * * *", TimeZoneInfo.FindSystemTimeZoneById(Workspace.DefaultTimeZone));
            // Every minute by default; "off" leaves pulls to webhooks and the button (tests drive pulls themselves).
            if (config["Orders:PullSchedule"] is var pulls && pulls != "off")
                opts.Schedules.ScheduleRecurring<SellerHub.Orders.RunOrderPulls>(pulls ?? "* * * * *", TimeZoneInfo.FindSystemTimeZoneById(Workspace.DefaultTimeZone));
            // Every 10 minutes by default: items changed on the marketplace (a ban, an unlisting, a new variant); "off" leaves it to pushes and the button.
            if (config["Listings:SyncSchedule"] is var listingSyncs && listingSyncs != "off")
                opts.Schedules.ScheduleRecurring<SellerHub.Catalog.RunListingSyncs>(listingSyncs ?? "*/10 * * * *", TimeZoneInfo.FindSystemTimeZoneById(Workspace.DefaultTimeZone));
            opts.OnException<Exception>()
                .RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2))
                .Then.MoveToErrorQueue();
        });

        // Keys live in the database so every node of a PostgreSQL deployment can read what another encrypted.
        services.AddDataProtection().SetApplicationName("SellerHub").PersistKeysToDbContext<SellerHubDb>();

        services.AddIdentityCore<StaffUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.AllowedUserNameCharacters += "+";
            })
            .AddEntityFrameworkStores<SellerHubDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrors>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "SellerHub";
                o.DefaultChallengeScheme = "SellerHub";
            })
            .AddPolicyScheme("SellerHub", "Cookie or API key", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiKeyAuthentication.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/";
            o.Cookie.Name = "sellerhub.auth";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            // The API answers with problem details, never with a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => IsApi(ctx.Request)
                ? Results.Problem(statusCode: 401, title: "Unauthorized", detail: "Send an API key as 'Authorization: Bearer <key>'.").ExecuteAsync(ctx.HttpContext)
                : Redirect(ctx);
            o.Events.OnRedirectToAccessDenied = ctx => IsApi(ctx.Request)
                ? Results.Problem(statusCode: 403, title: "Forbidden").ExecuteAsync(ctx.HttpContext)
                : Redirect(ctx);
        });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, Microsoft.AspNetCore.Components.Server.ServerAuthenticationStateProvider>();

        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = o.SupportedUICultures = Cultures;
            // The UI is Vietnamese unless the person chose English (cookie); API clients may ask by header.
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(http => Task.FromResult(
                    http.Request.Path.StartsWithSegments("/api")
                        ? new AcceptLanguageHeaderRequestCultureProvider().DetermineProviderCultureResult(http).Result
                        : null)),
            ];
        });

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddHttpContextAccessor();
        // Vietnamese text as text, not as &#x1EA1; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Bad JSON reaches ApiErrors, which says what was wrong (e.g. "$.channel"), not just "400".
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiErrors>();
        services.AddOpenApi();

        services.AddSingleton<Demo.DemoSandbox>();
        services.AddHostedService(sp => sp.GetRequiredService<Demo.DemoSandbox>());
        services.AddSingleton<Channels.CallJournal>();
        services.AddSingleton<SellerHub.Integrations.Http.ICallJournal>(sp => sp.GetRequiredService<Channels.CallJournal>());
        services.AddHostedService(sp => sp.GetRequiredService<Channels.CallJournal>());
        services.AddSellerHubIntegrations(
            ghn => config.GetSection("Carriers:Ghn").Bind(ghn),
            ghtk => config.GetSection("Carriers:Ghtk").Bind(ghtk));

        services.AddHealthChecks()
            .AddDbContextCheck<SellerHubDb>("database", tags: ["ready"])
            .AddCheck<OutboxHealthCheck>("outbox", tags: ["ready"]);

        services.AddOpenTelemetry().WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddMeter("Wolverine:*", "Wolverine", SellerHub.Integrations.Http.VendorHttp.Meter.Name)
            .AddPrometheusExporter());

        return builder.Build();
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>Files and the Blazor socket: no page, no actor to resolve.</summary>
    private static bool IsAsset(PathString path) => Path.HasExtension(path.Value) || path.StartsWithSegments("/_blazor");

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx)
    {
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static void UseSellerHub(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Refused input is the caller's mistake, answered with a 4xx: not an error worth a log entry.
            SuppressDiagnosticsCallback = c => c.Exception is Common.BusinessRuleException or Common.NotFoundException
                or Common.ForbiddenException or BadHttpRequestException,
        });
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseRequestLocalization();
        app.MapStaticAssets();
        app.UseAuthentication();
        app.Use(async (http, next) =>
        {
            if (!IsAsset(http.Request.Path))
                await ActorResolver.ResolveAsync(http.User, http.RequestServices.GetRequiredService<CurrentActor>(),
                http.RequestServices.GetRequiredService<SellerHubDb>(), http.RequestAborted);
            await next(http);
        });
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            if (HttpMethods.IsGet(http.Request.Method) && !Path.HasExtension(path.Value)
                && !SetupGate.OpenPaths.Any(open => path.StartsWithSegments(open))
                && await http.RequestServices.GetRequiredService<SetupGate>().IsNeededAsync(http.RequestServices.GetRequiredService<SellerHubDb>()))
            {
                http.Response.Redirect("/setup");
                return;
            }
            await next(http);
        });
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi("/api/docs/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/docs", o => o.WithOpenApiRoutePattern("/api/docs/openapi/{documentName}.json"));
        app.MapSellerHubApi();
        app.MapAccountEndpoints();
        Webhooks.WebhookEndpoints.MapWebhooks(app);
        Channels.ChannelConnectEndpoints.MapChannelConnect(app);
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
