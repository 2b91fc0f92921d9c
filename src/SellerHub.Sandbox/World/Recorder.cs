using System.Collections.Concurrent;

namespace SellerHub.Sandbox.World;

public sealed record RecordedCall(Vendor Vendor, string Method, string Path, int Status, DateTime At, string? Error);

public sealed record RecordedWebhook(Vendor Vendor, string Url, string Body, int? Status, DateTime At, bool Dropped);

public sealed record RecordedStock(Vendor Vendor, long ShopId, string ItemId, string ModelId, int Stock, DateTime At);

public sealed record RecordedTelegram(long ChatId, string Text, string? ParseMode, DateTime At, int MessageId);

/// <summary>The sandbox's memory of the outside world: what SellerHub's tests assert against.</summary>
public sealed class Recorder
{
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentQueue<RecordedWebhook> _webhooks = new();
    private readonly ConcurrentDictionary<(Vendor, long, string, string), RecordedStock> _stock = new();
    private readonly ConcurrentQueue<RecordedTelegram> _telegram = new();

    public void Call(RecordedCall call) => _calls.Enqueue(call);
    public void Webhook(RecordedWebhook webhook) => _webhooks.Enqueue(webhook);
    public void Stock(RecordedStock stock) => _stock[(stock.Vendor, stock.ShopId, stock.ItemId, stock.ModelId)] = stock;
    public void Telegram(RecordedTelegram message) => _telegram.Enqueue(message);

    public IReadOnlyList<RecordedCall> Calls => _calls.ToArray();
    public IReadOnlyList<RecordedWebhook> Webhooks => _webhooks.ToArray();
    public IReadOnlyList<RecordedStock> StockSet => _stock.Values.OrderBy(s => s.Vendor).ThenBy(s => s.ItemId).ThenBy(s => s.ModelId).ToArray();
    public IReadOnlyList<RecordedTelegram> TelegramMessages => _telegram.ToArray();
}
