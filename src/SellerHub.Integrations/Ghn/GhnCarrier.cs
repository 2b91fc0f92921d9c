using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SellerHub.Carriers;
using SellerHub.Integrations.Http;

namespace SellerHub.Integrations.Ghn;

/// <summary>
/// GHN v2: Token/ShopId headers, the SellerHub shipment id as client_order_code (looked up before
/// creating, so a repeat never books a second parcel), cancel before pickup, labels through a print token.
/// </summary>
public sealed class GhnCarrier(IHttpClientFactory http, GhnOptions options) : ICarrier
{
    public const string Vendor = "GHN";
    public CarrierType Carrier => CarrierType.Ghn;

    public async Task<decimal> QuoteFeeAsync(CarrierAccount account, Parcel parcel, CancellationToken ct)
    {
        var data = await Post(account, "/v2/shipping-order/fee", new
        {
            service_type_id = 2, weight = parcel.WeightGrams, insurance_value = (long)parcel.DeclaredValue, cod_value = (long)parcel.CodAmount,
            to_ward_name = parcel.RecipientAddress.Ward, to_district_name = parcel.RecipientAddress.District, to_province_name = parcel.RecipientAddress.Province,
        }, ct);
        return data["total"]!.GetValue<decimal>();
    }

    /// <summary>
    /// GHN's documentation does not say what a repeated client_order_code does, but it documents the
    /// lookup by it: so look first (a retry after a lost answer finds the parcel), and look again when
    /// the create fails (a create with the same key got in between, or GHN booked it and the answer was lost).
    /// </summary>
    public async Task<Waybill> CreateWaybillAsync(CarrierAccount account, Parcel parcel, string idempotencyKey, CancellationToken ct)
    {
        if (await FindAsync(account, idempotencyKey, ct) is { } booked) return booked;
        try
        {
            return await CreateAsync(account, parcel, idempotencyKey, ct);
        }
        catch (CarrierException)
        {
            if (await FindAsync(account, idempotencyKey, ct) is { } raced) return raced;
            throw;
        }
    }

    /// <summary>The parcel booked under this client_order_code, or null when GHN knows none (it answers an error).</summary>
    private async Task<Waybill?> FindAsync(CarrierAccount account, string idempotencyKey, CancellationToken ct)
    {
        try
        {
            var data = await Post(account, "/v2/shipping-order/detail-by-client-code", new { client_order_code = idempotencyKey }, ct);
            return new Waybill(idempotencyKey, data["order_code"]!.GetValue<string>(),
                decimal.TryParse(data["total_fee"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var fee) ? fee : 0);
        }
        catch (CarrierException e) when (!e.Transient)
        {
            return null;
        }
    }

    private async Task<Waybill> CreateAsync(CarrierAccount account, Parcel parcel, string idempotencyKey, CancellationToken ct)
    {
        var data = await Post(account, "/v2/shipping-order/create", new
        {
            payment_type_id = 1,
            required_note = parcel.AllowViewing ? "CHOXEMHANGKHONGTHU" : "KHONGCHOXEMHANG",
            client_order_code = idempotencyKey,
            from_name = account.PickupName, from_phone = account.PickupPhone, from_address = account.PickupAddress.Street,
            from_ward_name = account.PickupAddress.Ward, from_district_name = account.PickupAddress.District, from_province_name = account.PickupAddress.Province,
            to_name = parcel.RecipientName, to_phone = parcel.RecipientPhone, to_address = parcel.RecipientAddress.Street,
            to_ward_name = parcel.RecipientAddress.Ward, to_district_name = parcel.RecipientAddress.District, to_province_name = parcel.RecipientAddress.Province,
            cod_amount = (long)parcel.CodAmount, insurance_value = (long)parcel.DeclaredValue, weight = parcel.WeightGrams, service_type_id = 2,
            note = parcel.Note, content = string.Join(", ", parcel.Items.Select(i => $"{i.Name} x{i.Quantity}")),
            items = parcel.Items.Select(i => new { name = i.Name, code = i.Code, quantity = i.Quantity, price = (long)i.Price }),
        }, ct);
        return new Waybill(idempotencyKey, data["order_code"]!.GetValue<string>(), data["total_fee"]!.GetValue<decimal>());
    }

    public async Task CancelAsync(CarrierAccount account, Waybill waybill, CancellationToken ct)
    {
        var data = await Post(account, "/v2/switch-status/cancel", new { order_codes = new[] { waybill.TrackingCode } }, ct);
        var result = data.AsArray().FirstOrDefault(r => r?["order_code"]?.GetValue<string>() == waybill.TrackingCode);
        if (result?["result"]?.GetValue<bool>() != true)
            throw new CarrierException(Vendor, "cancel_refused", result?["message"]?.GetValue<string>() ?? "GHN did not cancel the order.");
    }

    /// <summary>GHN prints HTML pages (A5, 80x80, 52x70); the label is that page's bytes.</summary>
    public async Task<byte[]> GetLabelAsync(CarrierAccount account, Waybill waybill, CancellationToken ct)
    {
        var data = await Post(account, "/v2/a5/gen-token", new { order_codes = new[] { waybill.TrackingCode } }, ct);
        var token = data["token"]!.GetValue<string>();
        return await http.CreateClient(Vendor).GetByteArrayAsync($"{options.PrintBaseUrl.TrimEnd('/')}/print{options.LabelSize}?token={token}", ct);
    }

    public async Task<WaybillStatus> GetStatusAsync(CarrierAccount account, Waybill waybill, CancellationToken ct)
    {
        var data = await Post(account, "/v2/shipping-order/detail-by-client-code", new { client_order_code = waybill.IdempotencyKey }, ct);
        var status = data["status"]!.GetValue<string>();
        var events = (data["log"]?.AsArray() ?? []).Select(entry =>
        {
            var step = entry!["status"]!.GetValue<string>();
            return new TrackingEvent(entry["updated_date"]!.GetValue<DateTime>().ToUniversalTime(), step, CarrierStatuses.Map(CarrierType.Ghn, step), null);
        }).ToList();
        return new WaybillStatus(status, CarrierStatuses.Map(CarrierType.Ghn, status), data["updated_date"]?.GetValue<DateTime>().ToUniversalTime(), events);
    }

    private async Task<JsonNode> Post(CarrierAccount account, string path, object body, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, options.BaseUrl.TrimEnd('/') + path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Token", account.Token);
        if (account.ShopId is not null) request.Headers.Add("ShopId", account.ShopId);
        var (status, json) = await CarrierHttp.SendAsync(http.CreateClient(Vendor), request, Vendor, ct);
        if (json?["code"]?.GetValue<int>() == 200) return json["data"]!;
        throw new CarrierException(Vendor, json?["code_message"]?.GetValue<string>() ?? ((int)status).ToString(),
            json?["message"]?.GetValue<string>() ?? status.ToString(), transient: (int)status >= 500 || (int)status == 429);
    }
}

public sealed class GhnOptions
{
    public string BaseUrl { get; set; } = "https://online-gateway.ghn.vn/shiip/public-api";
    public string PrintBaseUrl { get; set; } = "https://online-gateway.ghn.vn/a5/public-api";
    /// <summary>A5, 80x80 or 52x70.</summary>
    public string LabelSize { get; set; } = "A5";
}
