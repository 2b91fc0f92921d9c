using Microsoft.EntityFrameworkCore;
using SellerHub.Persistence;

namespace SellerHub.Catalog;

/// <summary>Nhật ký đẩy tồn: what was sent to the channel and what it answered, newest first; one listing's or the shop's.</summary>
public static class ListPushLog
{
    public static async Task<List<StockPushLog>> Handle(SellerHubDb db, Guid? listingId, CancellationToken ct, int take = 500)
    {
        var query = db.StockPushLogs.AsNoTracking();
        if (listingId is { } listing) query = query.Where(p => p.ListingId == listing);
        return await query.OrderByDescending(p => p.At).Take(take).ToListAsync(ct);
    }
}
