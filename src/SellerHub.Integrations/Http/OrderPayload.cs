using System.Text.Json;
using System.Text.Json.Nodes;
using SellerHub.Channels;

namespace SellerHub.Integrations.Http;

/// <summary>Reads one order of a vendor's page; an order that cannot be read becomes an "unreadable" one instead of failing the page.</summary>
public static class OrderPayload
{
    public static ChannelOrder Read(JsonNode? node, string idField, Func<JsonNode, ChannelOrder> map)
    {
        if (node is null) return ChannelOrder.Unreadable(null, "Đơn rỗng trong trang kết quả của sàn", "null");
        try
        {
            return map(node);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or KeyNotFoundException
                                      or JsonException or ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            string? id = null;
            try { id = node[idField]?.ToString(); } catch (InvalidOperationException) { }
            return ChannelOrder.Unreadable(id, $"Không đọc được đơn: thiếu hoặc sai trường ({e.GetType().Name}: {e.Message})", node.ToJsonString());
        }
    }
}
