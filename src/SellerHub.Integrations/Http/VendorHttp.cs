using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace SellerHub.Integrations.Http;

/// <summary>How long to wait for one attempt and how often to try; tests shorten the waits.</summary>
public sealed class VendorHttpOptions
{
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);
    public int MaxRetries { get; set; } = 4;
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMilliseconds(300);
}

/// <summary>Where recorded calls go (the web host stores them for the sync log page).</summary>
public interface ICallJournal
{
    void Record(SellerHub.Channels.VendorCall call);
}

public static class VendorHttp
{
    /// <summary>Set on a request by an adapter so the call is recorded against the SellerHub shop.</summary>
    public static readonly HttpRequestOptionsKey<Guid> ShopKey = new("SellerHub.ShopId");

    public static readonly Meter Meter = new("SellerHub.Integrations");
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("sellerhub.vendor.calls", description: "Calls to marketplaces and carriers");
    private static readonly Histogram<double> Durations = Meter.CreateHistogram<double>("sellerhub.vendor.call.duration", "ms");

    /// <summary>
    /// A named HttpClient for one vendor: every call recorded (vendor, endpoint, duration, outcome;
    /// never the query, which carries tokens), retried with exponential backoff and jitter on
    /// network errors, timeouts, 429 and 5xx — and on the vendor's own "slow down" answers that
    /// come back as HTTP 200 — honouring Retry-After, a bounded number of times.
    /// </summary>
    public static IHttpClientBuilder AddVendorClient(this IServiceCollection services, string vendor, Func<string, bool>? transientBody = null)
    {
        services.AddOptions<VendorHttpOptions>();
        var builder = services.AddHttpClient(vendor);
        builder.AddResilienceHandler(vendor, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<VendorHttpOptions>>().Value;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = async args => args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException } => true,
                    { Result: { } r } when r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500 => true,
                    { Result: { IsSuccessStatusCode: true } r } when transientBody is not null && r.Content.Headers.ContentType?.MediaType == "application/json"
                        => transientBody(await r.Content.ReadAsStringAsync(args.Context.CancellationToken)),
                    _ => false,
                },
            });
            pipeline.AddTimeout(options.AttemptTimeout);
        });
        // Inside the retries: every attempt is recorded, so injected or real faults show in the sync log.
        builder.AddHttpMessageHandler(sp => new CallRecorder(vendor, sp.GetRequiredService<ILoggerFactory>().CreateLogger("SellerHub.Integrations." + vendor),
            sp.GetService<ICallJournal>(), sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    private sealed class CallRecorder(string vendor, ILogger log, ICallJournal? journal, TimeProvider clock) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var started = Stopwatch.GetTimestamp();
            var endpoint = request.RequestUri?.AbsolutePath ?? "";
            string outcome = "error";
            string? vendorError = null;
            try
            {
                var response = await base.SendAsync(request, ct);
                outcome = ((int)response.StatusCode).ToString();
                if (journal is not null) vendorError = await VendorError(response, ct);
                return response;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                outcome = e is HttpRequestException ? "network-error" : "timeout";
                throw;
            }
            finally
            {
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var tags = new TagList { { "vendor", vendor }, { "endpoint", endpoint }, { "outcome", outcome } };
                Calls.Add(1, tags);
                Durations.Record(ms, tags);
                log.LogInformation("{Vendor} {Method} {Endpoint} → {Outcome} in {Ms:0} ms", vendor, request.Method, endpoint, outcome, ms);
                journal?.Record(new SellerHub.Channels.VendorCall
                {
                    ShopId = request.Options.TryGetValue(ShopKey, out var shop) ? shop : null, Vendor = vendor, Method = request.Method.Method,
                    Endpoint = endpoint.Length > 200 ? endpoint[..200] : endpoint, Outcome = outcome, VendorError = vendorError,
                    DurationMs = (int)ms, At = clock.GetUtcNow().UtcDateTime,
                });
            }
        }

        /// <summary>The vendor's error code and message from a JSON answer (Shopee "error", Lazada/TikTok/GHN "code").</summary>
        private static async Task<string?> VendorError(HttpResponseMessage response, CancellationToken ct)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/json") return null;
            try
            {
                await response.Content.LoadIntoBufferAsync(ct);
                var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
                var code = json?["error"]?.ToString() is { Length: > 0 } e ? e
                    : json?["code"]?.ToString() is { } c && c is not ("0" or "200") ? c
                    : json?["success"]?.ToString() == "false" ? json["error_code"]?.ToString() ?? "failed"
                    : json?["ok"]?.ToString() == "false" ? json["error_code"]?.ToString() : null;
                if (code is null) return null;
                var message = json?["message"]?.ToString() ?? json?["description"]?.ToString() ?? "";
                var text = $"{code}: {message}";
                return text.Length > 300 ? text[..300] : text;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }
}
