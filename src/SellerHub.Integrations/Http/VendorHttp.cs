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

public static class VendorHttp
{
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
        builder.AddHttpMessageHandler(sp => new CallRecorder(vendor, sp.GetRequiredService<ILoggerFactory>().CreateLogger("SellerHub.Integrations." + vendor)));
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
        return builder;
    }

    private sealed class CallRecorder(string vendor, ILogger log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var started = Stopwatch.GetTimestamp();
            var endpoint = request.RequestUri?.AbsolutePath ?? "";
            string outcome = "error";
            try
            {
                var response = await base.SendAsync(request, ct);
                outcome = ((int)response.StatusCode).ToString();
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
            }
        }
    }
}
