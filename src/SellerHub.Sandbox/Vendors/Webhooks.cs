using System.Threading.Channels;
using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Vendors;

public sealed record WebhookJob(Vendor Vendor, string Url, HttpContent Body, string BodyText, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Sends each vendor's pushes in the background, like the vendor does: signed in its own way, never
/// blocking the API call that caused them, sometimes dropped when the admin says so. Every attempt
/// is recorded.
/// </summary>
public sealed class Webhooks(SandboxWorld world, Recorder recorder, IHttpClientFactory http, ILogger<Webhooks> log) : BackgroundService
{
    private readonly Channel<WebhookJob> _queue = Channel.CreateUnbounded<WebhookJob>();
    private readonly Dictionary<Vendor, string> _urls = [];

    public void Register(Vendor vendor, string url)
    {
        lock (_urls) _urls[vendor] = url;
    }

    public string? UrlOf(Vendor vendor)
    {
        lock (_urls) return _urls.GetValueOrDefault(vendor);
    }

    /// <summary>Queues a JSON push to the vendor's registered URL, signed by <paramref name="sign"/>(url, body).</summary>
    public void Json(Vendor vendor, string body, Func<string, string, IReadOnlyDictionary<string, string>> sign)
    {
        if (UrlOf(vendor) is not { } url) return;
        _queue.Writer.TryWrite(new WebhookJob(vendor, url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), body, sign(url, body)));
    }

    public void Form(Vendor vendor, IReadOnlyDictionary<string, string> fields)
    {
        if (UrlOf(vendor) is not { } url) return;
        var content = new FormUrlEncodedContent(fields);
        _queue.Writer.TryWrite(new WebhookJob(vendor, url, content, string.Join("&", fields.Select(f => $"{f.Key}={f.Value}")), new Dictionary<string, string>()));
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var client = http.CreateClient("webhooks");
        await foreach (var job in _queue.Reader.ReadAllAsync(stop))
        {
            if (world.Faults.Roll(world.Faults.For(job.Vendor).DroppedWebhooks))
            {
                recorder.Webhook(new RecordedWebhook(job.Vendor, job.Url, job.BodyText, null, world.Clock.Now, Dropped: true));
                continue;
            }
            int? status = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, job.Url) { Content = job.Body };
                foreach (var (name, value) in job.Headers) request.Headers.TryAddWithoutValidation(name, value);
                using var response = await client.SendAsync(request, stop);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
            {
                log.LogInformation("Webhook to {Url} failed: {Message}", job.Url, e.Message);
            }
            recorder.Webhook(new RecordedWebhook(job.Vendor, job.Url, job.BodyText, status, world.Clock.Now, Dropped: false));
        }
    }
}
