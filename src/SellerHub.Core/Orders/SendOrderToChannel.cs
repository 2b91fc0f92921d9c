using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Channels;
using SellerHub.Persistence;
using SellerHub.Workspaces;
using Wolverine;
using Wolverine.Attributes;

namespace SellerHub.Orders;

public enum ChannelOrderAction { AcceptCancel, RejectCancel, Cancel }

/// <summary>A decision SellerHub owes a marketplace about one order; <paramref name="Key"/> names what it answers.</summary>
public sealed record SendOrderToChannel(Guid WorkspaceId, Guid OrderId, ChannelOrderAction Action, string Key, int Attempt = 0);

/// <summary>
/// Sends an order decision to its marketplace. Idempotent by looking first: the order is fetched
/// fresh and the call is made only while the marketplace still waits for it, so a message delivered
/// twice (or after a crash between the call and the bookkeeping) never acts twice. The outcome goes
/// on the order's timeline; an unreachable marketplace is retried with growing pauses.
/// </summary>
public static class SendOrderToChannelHandler
{
    /// <summary>The first pause after a failure; each retry waits one more step (tests shorten it).</summary>
    public static TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);
    public const int MaxAttempts = 12;

    [NonTransactional] // the vendor call must not run inside a database transaction
    public static async Task Handle(SendOrderToChannel message, SellerHubDb db, IEnumerable<ISalesChannel> channels, IDataProtectionProvider protection,
        IMessageBus bus, CancellationToken ct)
    {
        ((CurrentActor)db.Actor).Set(message.WorkspaceId, StaffRole.Owner, "SellerHub");
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == message.OrderId, ct);
        var shop = order?.ShopId is { } shopId ? await db.Shops.AsNoTracking().FirstOrDefaultAsync(s => s.Id == shopId, ct) : null;
        if (order is null || shop is null) return;
        var what = message.Action switch
        {
            ChannelOrderAction.AcceptCancel => "đồng ý huỷ",
            ChannelOrderAction.RejectCancel => "từ chối huỷ",
            _ => "huỷ đơn",
        };
        if (shop.Connection != ShopConnection.Connected || !await db.ChannelApps.AnyAsync(a => a.Channel == shop.Channel, ct))
        {
            await OrderTimeline.NoteAsync(db, order.Id, $"Chưa gửi \"{what}\" lên {shop.Channel}: gian hàng chưa kết nối; hãy làm trên kênh bán.", ct);
            return;
        }
        try
        {
            var (adapter, account) = await PullOrders.ConnectAsync(shop, db, channels, protection, ct);
            var fresh = (await adapter.GetOrdersAsync(account, [order.ChannelOrderId], ct)).SingleOrDefault();
            if (fresh is null)
            {
                await OrderTimeline.NoteAsync(db, order.Id, $"Không gửi được \"{what}\" lên {shop.Channel}: sàn không tìm thấy đơn.", ct);
                return;
            }
            var awaitingBuyerAnswer = fresh.CancelRequested && ImportOrders.CancelRequestKey(fresh.OrderId, fresh.CancelRequestId) == message.Key;
            var channelStatus = ChannelStatuses.Map(shop.Channel, fresh.ChannelStatus, fresh.CancelRequested);
            var stillOpen = channelStatus is OrderStatus.AwaitingPayment or OrderStatus.AwaitingApproval or OrderStatus.Approved or OrderStatus.Processing or OrderStatus.CancelRequested;
            switch (message.Action)
            {
                case ChannelOrderAction.AcceptCancel or ChannelOrderAction.RejectCancel when awaitingBuyerAnswer:
                    await adapter.AnswerBuyerCancellationAsync(account, fresh, message.Action == ChannelOrderAction.AcceptCancel, ct);
                    break;
                case ChannelOrderAction.Cancel when fresh.CancelRequested:
                    await adapter.AnswerBuyerCancellationAsync(account, fresh, accept: true, ct); // the buyer asked too: agreeing is the cancel
                    break;
                case ChannelOrderAction.Cancel when stillOpen:
                    await adapter.CancelOrderAsync(account, fresh, ct);
                    break;
                default:
                    // Already done (a repeated message) or decided by the marketplace meanwhile: nothing to send.
                    await OrderTimeline.NoteAsync(db, order.Id, $"{shop.Channel} không còn chờ \"{what}\" (trạng thái trên sàn: {fresh.ChannelStatus}).", ct);
                    await ImportOrders.Handle(shop, [fresh], db, ct);
                    return;
            }
            await OrderTimeline.NoteAsync(db, order.Id, $"Đã gửi \"{what}\" lên {shop.Channel}.", ct);
            await ImportOrders.Handle(shop, await adapter.GetOrdersAsync(account, [order.ChannelOrderId], ct), db, ct);
        }
        catch (ChannelException e) when (e.Kind is ChannelErrorKind.Unavailable or ChannelErrorKind.RateLimited && message.Attempt + 1 < MaxAttempts)
        {
            if (message.Attempt == 0) await OrderTimeline.NoteAsync(db, order.Id, $"{shop.Channel} chưa trả lời \"{what}\" ({e.Code}); SellerHub sẽ thử lại.", ct);
            await bus.ScheduleAsync(message with { Attempt = message.Attempt + 1 }, RetryAfter * (message.Attempt + 1));
        }
        catch (ChannelException e) when (e.Kind is ChannelErrorKind.Unavailable or ChannelErrorKind.RateLimited)
        {
            await OrderTimeline.NoteAsync(db, order.Id, $"{shop.Channel} không trả lời \"{what}\" sau {MaxAttempts} lần thử ({e.Code}); hãy làm trên kênh bán.", ct);
        }
        catch (ChannelException e)
        {
            if (ConnectShop.LostAuthorisation(e)) await ConnectShop.RecordErrorAsync(db, shop.Id, e, ct);
            await OrderTimeline.NoteAsync(db, order.Id, $"{shop.Channel} từ chối \"{what}\": {e.Code} — {e.VendorMessage}", ct);
        }
    }
}
