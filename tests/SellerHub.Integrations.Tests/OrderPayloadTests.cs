using System.Text.Json.Nodes;
using SellerHub.Channels;
using SellerHub.Integrations.Http;

namespace SellerHub.Integrations.Tests;

/// <summary>One unreadable order in a vendor's page becomes an "unreadable" order with its id and raw JSON; the page still reads.</summary>
public sealed class OrderPayloadTests
{
    private static ChannelOrder Map(JsonNode o) => ChannelOrder.Unreadable(o["order_sn"]!.GetValue<string>(), "unused", "{}") with { ChannelStatus = o["order_status"]!.GetValue<string>() };

    [Fact]
    public void A_missing_or_mistyped_field_names_the_order_and_keeps_its_json()
    {
        var page = JsonNode.Parse("""[{"order_sn":"A1","order_status":"READY_TO_SHIP"},{"order_sn":"B2"},{"order_sn":"C3","order_status":42},null]""")!.AsArray();
        var orders = page.Select(o => OrderPayload.Read(o, "order_sn", Map)).ToList();

        Assert.Equal("READY_TO_SHIP", orders[0].ChannelStatus);
        Assert.Equal("unused", orders[0].Problem); // the mapper's own result passes through untouched
        Assert.Equal(("B2", true), (orders[1].OrderId, orders[1].Problem!.StartsWith("Không đọc được đơn")));
        Assert.Contains("\"order_sn\":\"B2\"", orders[1].RawJson);
        Assert.Equal("C3", orders[2].OrderId);
        Assert.Contains("InvalidOperationException", orders[2].Problem);
        Assert.Equal("?", orders[3].OrderId);
    }
}
