using System.Threading.Channels;
using SellerHub.Channels;
using SellerHub.Integrations.Http;
using SellerHub.Persistence;

namespace SellerHub.Web.Channels;

/// <summary>
/// Stores every recorded vendor call for the sync log page, in batches, off the caller's path:
/// a slow database never slows a stock push, and a burst of calls is one insert.
/// </summary>
public sealed class CallJournal(IServiceScopeFactory scopes, ILogger<CallJournal> log) : BackgroundService, ICallJournal
{
    private readonly Channel<VendorCall> _calls = Channel.CreateBounded<VendorCall>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Record(VendorCall call) => _calls.Writer.TryWrite(call);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var batch = new List<VendorCall>();
        while (await _calls.Reader.WaitToReadAsync(stop))
        {
            while (batch.Count < 500 && _calls.Reader.TryRead(out var call)) batch.Add(call);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SellerHubDb>();
                db.VendorCalls.AddRange(batch);
                await db.SaveChangesAsync(stop);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not store {Count} vendor call records", batch.Count);
            }
            batch.Clear();
        }
    }
}
