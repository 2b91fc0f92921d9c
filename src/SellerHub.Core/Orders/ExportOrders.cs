using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using SellerHub.Addresses;
using SellerHub.Common;

namespace SellerHub.Orders;

/// <summary>The filtered order list as an Excel sheet, one row per order, in the staff's column names.</summary>
public static class ExportOrders
{
    public const int MaxRows = 50_000;

    private static readonly string[] Columns = ["Mã đơn", "Gian hàng", "Kênh", "Trạng thái", "Trạng thái trên sàn", "Người nhận", "Số điện thoại", "Địa chỉ",
        "Thanh toán", "Tổng tiền", "Thu hộ (COD)", "Sản phẩm", "Cảnh báo", "Chi tiết cảnh báo", "Ngày tạo", "Hạn giao"];

    public static async Task WriteAsync(IQueryable<Order> orders, Dictionary<Guid, string> shopNames, TimeZoneInfo zone, Stream output, CancellationToken ct)
    {
        var rows = await orders.AsNoTracking().OrderByDescending(o => o.OrderedAt).ThenBy(o => o.Id).Take(MaxRows)
            .Select(o => new
            {
                o.ChannelOrderId, o.ShopId, o.Channel, o.Status, o.ChannelStatus, o.RecipientName, o.RecipientPhone, o.RecipientAddress, o.PaymentMethod,
                o.Total, o.CodAmount, o.Warnings, o.WarningDetail, o.OrderedAt, o.ShipBy,
                Lines = o.Lines.Select(l => new { Sku = l.SellerSku ?? l.Name, l.Quantity }).ToList(),
            })
            .AsSplitQuery().ToListAsync(ct);
        var sheet = rows.Select(o => new Dictionary<string, object?>
        {
            ["Mã đơn"] = o.ChannelOrderId,
            ["Gian hàng"] = o.ShopId is { } shop ? shopNames.GetValueOrDefault(shop) : "Đơn tạo tay",
            ["Kênh"] = o.Channel.ToString(),
            ["Trạng thái"] = OrderTransitions.Name(o.Status),
            ["Trạng thái trên sàn"] = o.ChannelStatus,
            ["Người nhận"] = o.RecipientName,
            ["Số điện thoại"] = VietnamesePhone.Check(o.RecipientPhone).National ?? o.RecipientPhone,
            ["Địa chỉ"] = o.RecipientAddress,
            ["Thanh toán"] = o.PaymentMethod,
            ["Tổng tiền"] = o.Total,
            ["Thu hộ (COD)"] = o.CodAmount,
            ["Sản phẩm"] = string.Join("; ", o.Lines.Select(l => $"{l.Sku} × {l.Quantity}")),
            ["Cảnh báo"] = OrderWarnings.Name(o.Warnings),
            ["Chi tiết cảnh báo"] = o.WarningDetail,
            ["Ngày tạo"] = TimeZoneInfo.ConvertTimeFromUtc(o.OrderedAt, zone),
            ["Hạn giao"] = o.ShipBy is { } by ? TimeZoneInfo.ConvertTimeFromUtc(by, zone) : null,
        }).ToList();
        if (sheet.Count == 0) sheet.Add(Columns.ToDictionary(c => c, _ => (object?)null)); // the headers, so an empty export still explains itself
        await MiniExcel.SaveAsAsync(output, sheet, sheetName: "Đơn hàng", cancellationToken: ct);
    }
}
