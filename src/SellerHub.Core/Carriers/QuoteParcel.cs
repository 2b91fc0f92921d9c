using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SellerHub.Common;
using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Carriers;

/// <summary>What an account's carrier would charge for a parcel from the account's pickup warehouse to an address.</summary>
public static class QuoteParcel
{
    /// <param name="Province">The province's full name as the carrier reads it ("Thành phố Hà Nội"), likewise the ward.</param>
    public sealed record Command(Guid CarrierConnectionId, string? Province, string? District, string? Ward, string? Street, int WeightGrams, decimal CodAmount, decimal DeclaredValue);

    public static async Task<decimal> Handle(Command c, SellerHubDb db, IDataProtectionProvider protection, IEnumerable<ICarrier> carriers, CancellationToken ct)
    {
        db.Actor.Demand(Permission.ViewSettings);
        var connection = await db.CarrierConnections.FirstOrDefaultAsync(x => x.Id == c.CarrierConnectionId, ct) ?? throw new NotFoundException(Messages.CarrierUnknown);
        var v = new Validation().Require("province", c.Province);
        if (c.WeightGrams <= 0) v.Add("weightGrams", Messages.Required);
        if (c.CodAmount < 0) v.Add("codAmount", Messages.MustBePositive);
        if (c.DeclaredValue < 0) v.Add("declaredValue", Messages.MustBePositive);
        v.ThrowIfInvalid();

        var warehouse = await db.Warehouses.SingleAsync(w => w.Id == connection.PickupWarehouseId, ct);
        var parcel = new Parcel("", "", new Address(c.Street?.Trim() ?? "", c.Ward, c.District, c.Province!.Trim()), c.WeightGrams, c.CodAmount, c.DeclaredValue, [], null);
        try
        {
            return await carriers.Single(x => x.Carrier == connection.Carrier).QuoteFeeAsync(connection.Account(warehouse, protection), parcel, ct);
        }
        catch (CarrierException e) when (!e.Transient) // an outage is not the seller's input: it goes up as it is (503 in the API)
        {
            // The carrier's own words (an unknown ward, a bad token) are what the seller can act on.
            throw BusinessRuleException.For("carrier", string.Format(Messages.CarrierRefusedQuote, e.CarrierName, e.VendorMessage));
        }
    }
}
