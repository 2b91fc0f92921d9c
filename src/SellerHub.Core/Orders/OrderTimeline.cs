using SellerHub.Persistence;

namespace SellerHub.Orders;

public static class OrderTimeline
{
    /// <summary>A note from SellerHub itself on an order's timeline (what a background job did or could not do), saved at once.</summary>
    public static async Task NoteAsync(SellerHubDb db, Guid orderId, string text, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        db.Add(new OrderEvent { OrderId = orderId, Text = text.Length > 500 ? text[..500] : text, ActorName = "SellerHub" });
        await db.SaveChangesAsync(ct);
    }
}
