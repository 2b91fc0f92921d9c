using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SellerHub.Integrations.Tests;

/// <summary>
/// The order-list pages exactly as each marketplace answered them, read off the wire under the
/// adapters: a test counts what the vendor returned, not what an adapter kept after de-duplicating.
/// A test may also change the world after a given page, as a seller's customers would mid-listing.
/// </summary>
public sealed class ListedPages
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<IReadOnlyList<string>>> _pages = new();

    /// <summary>Called after each page with the vendor and how many pages it has answered since the last Clear.</summary>
    public Func<string, int, Task>? AfterPage { get; set; }

    public IReadOnlyList<IReadOnlyList<string>> Of(string vendor) => _pages.TryGetValue(vendor, out var pages) ? pages.ToList() : [];

    public void Clear(string vendor) => _pages.TryRemove(vendor, out _);

    /// <summary>Sits inside the vendor's HttpClient, after the retries: one entry per page that reached the adapter.</summary>
    public DelegatingHandler Watch(string vendor) => new Watcher(vendor, this);

    private sealed class Watcher(string vendor, ListedPages pages) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            var path = request.RequestUri!.AbsolutePath;
            Func<JsonNode, IEnumerable<string>>? ids = vendor switch
            {
                "Shopee" when path.EndsWith("/api/v2/order/get_order_list") => json => json["response"]?["order_list"]?.AsArray().Select(o => o!["order_sn"]!.ToString()) ?? [],
                "Lazada" when path.EndsWith("/orders/get") => json => json["data"]?["orders"]?.AsArray().Select(o => o!["order_id"]!.ToString()) ?? [],
                "TikTokShop" when path.EndsWith("/order/202309/orders/search") => json => json["data"]?["orders"]?.AsArray().Select(o => o!["id"]!.ToString()) ?? [],
                _ => null,
            };
            if (ids is null || !response.IsSuccessStatusCode) return response;
            await response.Content.LoadIntoBufferAsync(ct);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            if (json["error"]?.ToString() is { Length: > 0 } || json["code"]?.ToString() is not (null or "0")) return response;
            var queue = pages._pages.GetOrAdd(vendor, _ => new());
            queue.Enqueue(ids(json).ToList());
            if (pages.AfterPage is { } after) await after(vendor, queue.Count);
            return response;
        }
    }
}
