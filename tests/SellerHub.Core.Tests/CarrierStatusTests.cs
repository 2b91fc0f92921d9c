using SellerHub.Carriers;

namespace SellerHub.Core.Tests;

/// <summary>Every carrier status, row by row, onto SellerHub's shipment statuses.</summary>
public sealed class CarrierStatusTests
{
    [Theory]
    [InlineData("ready_to_pick", ShipmentStatus.Created)]
    [InlineData("picking", ShipmentStatus.Created)]
    [InlineData("money_collect_picking", ShipmentStatus.Created)]
    [InlineData("picked", ShipmentStatus.HandedOver)]
    [InlineData("storing", ShipmentStatus.HandedOver)]
    [InlineData("transporting", ShipmentStatus.HandedOver)]
    [InlineData("sorting", ShipmentStatus.HandedOver)]
    [InlineData("delivering", ShipmentStatus.HandedOver)]
    [InlineData("money_collect_delivering", ShipmentStatus.HandedOver)]
    [InlineData("delivered", ShipmentStatus.Completed)]
    [InlineData("delivery_fail", ShipmentStatus.Problem)]
    [InlineData("waiting_to_return", ShipmentStatus.Returning)]
    [InlineData("return", ShipmentStatus.Returning)]
    [InlineData("return_transporting", ShipmentStatus.Returning)]
    [InlineData("return_sorting", ShipmentStatus.Returning)]
    [InlineData("returning", ShipmentStatus.Returning)]
    [InlineData("return_fail", ShipmentStatus.Problem)]
    [InlineData("returned", ShipmentStatus.Returned)]
    [InlineData("cancel", ShipmentStatus.Cancelled)]
    [InlineData("exception", ShipmentStatus.Problem)]
    [InlineData("damage", ShipmentStatus.Problem)]
    [InlineData("lost", ShipmentStatus.Problem)]
    public void Ghn(string status, ShipmentStatus expected) => Assert.Equal(expected, CarrierStatuses.Map(CarrierType.Ghn, status));

    [Theory]
    [InlineData("-1", ShipmentStatus.Cancelled)]
    [InlineData("1", ShipmentStatus.Created)]
    [InlineData("2", ShipmentStatus.Created)]
    [InlineData("12", ShipmentStatus.Created)]
    [InlineData("8", ShipmentStatus.Created)]
    [InlineData("7", ShipmentStatus.Problem)]
    [InlineData("3", ShipmentStatus.HandedOver)]
    [InlineData("4", ShipmentStatus.HandedOver)]
    [InlineData("10", ShipmentStatus.HandedOver)]
    [InlineData("5", ShipmentStatus.Completed)]
    [InlineData("6", ShipmentStatus.Completed)]
    [InlineData("9", ShipmentStatus.Problem)]
    [InlineData("13", ShipmentStatus.Problem)]
    [InlineData("20", ShipmentStatus.Returning)]
    [InlineData("11", ShipmentStatus.Returned)]
    [InlineData("21", ShipmentStatus.Returned)]
    public void Ghtk(string status, ShipmentStatus expected) => Assert.Equal(expected, CarrierStatuses.Map(CarrierType.Ghtk, status));

    [Fact]
    public void Every_row_of_the_tables_is_tested_and_unknown_statuses_are_problems()
    {
        Assert.Equal(22, CarrierStatuses.Ghn.Count);
        Assert.Equal(16, CarrierStatuses.Ghtk.Count);
        Assert.Equal(ShipmentStatus.Problem, CarrierStatuses.Map(CarrierType.Ghn, "something_new"));
        Assert.Equal(ShipmentStatus.Problem, CarrierStatuses.Map(CarrierType.Ghtk, "999"));
    }
}
