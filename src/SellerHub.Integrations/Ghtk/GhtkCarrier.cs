using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SellerHub.Carriers;
using SellerHub.Integrations.Http;

namespace SellerHub.Integrations.Ghtk;

/// <summary>
/// GHTK: Token header, the SellerHub shipment id as order.id (a repeat answers ORDER_ID_EXIST with
/// the existing label, which is taken as the same waybill), cancel only in states 1, 2, 12, PDF labels.
/// </summary>
public sealed class GhtkCarrier(IHttpClientFactory http, GhtkOptions options) : ICarrier
{
    public const string Vendor = "GHTK";
    public CarrierType Carrier => CarrierType.Ghtk;

    public async Task<decimal> QuoteFeeAsync(CarrierAccount account, Parcel parcel, CancellationToken ct)
    {
        var a = account.PickupAddress;
        var to = parcel.RecipientAddress;
        var json = await Send(account, HttpMethod.Get,
            $"/services/shipment/fee?pick_province={E(a.Province)}&pick_district={E(a.District)}&province={E(to.Province)}&district={E(to.District)}" +
            $"&weight={parcel.WeightGrams}&value={(long)parcel.DeclaredValue}&deliver_option=none", null, ct);
        return json["fee"]!["fee"]!.GetValue<decimal>();
    }

    public async Task<Waybill> CreateWaybillAsync(CarrierAccount account, Parcel parcel, string idempotencyKey, CancellationToken ct)
    {
        var to = parcel.RecipientAddress;
        var body = new
        {
            products = parcel.Items.Select(i => new { name = i.Name, product_code = i.Code, quantity = i.Quantity, price = (long)i.Price,
                weight = Math.Round(parcel.WeightGrams / 1000m / Math.Max(1, parcel.Items.Sum(x => x.Quantity)), 3) }),
            order = new
            {
                id = idempotencyKey, pick_name = account.PickupName, pick_money = (long)parcel.CodAmount, pick_address = account.PickupAddress.Street,
                pick_province = account.PickupAddress.Province, pick_district = account.PickupAddress.District ?? "", pick_ward = account.PickupAddress.Ward,
                pick_tel = account.PickupPhone, name = parcel.RecipientName, address = to.Street, province = to.Province, district = to.District ?? "",
                ward = to.Ward ?? "", hamlet = "Khác", tel = parcel.RecipientPhone, value = (long)parcel.DeclaredValue, note = parcel.Note,
                is_freeship = 1, tags = parcel.AllowViewing ? new[] { 10 } : [],
            },
        };
        var json = await Send(account, HttpMethod.Post, "/services/shipment/order/?ver=1.5", body, ct, acceptExisting: true);
        if (json["error"]?["code"]?.GetValue<string>() == "ORDER_ID_EXIST")
            return new Waybill(idempotencyKey, json["error"]!["ghtk_label"]!.GetValue<string>(), 0);
        var order = json["order"]!;
        return new Waybill(idempotencyKey, order["label"]!.GetValue<string>(), decimal.Parse(order["fee"]!.ToString(), CultureInfo.InvariantCulture));
    }

    public Task CancelAsync(CarrierAccount account, Waybill waybill, CancellationToken ct) =>
        Send(account, HttpMethod.Post, $"/services/shipment/cancel/{waybill.TrackingCode}", null, ct);

    public async Task<byte[]> GetLabelAsync(CarrierAccount account, Waybill waybill, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{options.BaseUrl.TrimEnd('/')}/services/label/{waybill.TrackingCode}?original=portrait&paper_size={options.PaperSize}");
        request.Headers.Add("Token", account.Token);
        using var response = await http.CreateClient(Vendor).SendAsync(request, ct);
        if (response.Content.Headers.ContentType?.MediaType == "application/pdf") return await response.Content.ReadAsByteArrayAsync(ct);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        throw new CarrierException(Vendor, json?["error_code"]?.ToString() ?? "no_label", json?["message"]?.GetValue<string>() ?? "GHTK returned no PDF.");
    }

    public async Task<WaybillStatus> GetStatusAsync(CarrierAccount account, Waybill waybill, CancellationToken ct)
    {
        var json = await Send(account, HttpMethod.Get, $"/services/shipment/v2/{waybill.TrackingCode}", null, ct);
        // GHTK's status call has no history; the pushes carry each step. The current one is the only event known here.
        var order = json["order"]!;
        var status = order["status"]!.ToString();
        var mapped = CarrierStatuses.Map(CarrierType.Ghtk, status);
        DateTime? at = DateTime.TryParse(order["modified"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var modified) ? modified.ToUniversalTime() : null;
        return new WaybillStatus(status, mapped, at, at is { } when ? [new TrackingEvent(when, status, mapped, order["status_text"]?.ToString())] : []);
    }

    private async Task<JsonNode> Send(CarrierAccount account, HttpMethod method, string path, object? body, CancellationToken ct, bool acceptExisting = false)
    {
        var request = new HttpRequestMessage(method, options.BaseUrl.TrimEnd('/') + path);
        request.Headers.Add("Token", account.Token);
        if (options.PartnerCode is { } partner) request.Headers.Add("X-Client-Source", partner);
        if (body is not null) request.Content = JsonContent.Create(body);
        var (status, answer) = await CarrierHttp.SendAsync(http.CreateClient(Vendor), request, Vendor, ct);
        var json = answer ?? new JsonObject();
        if (json["success"]?.GetValue<bool>() == true) return json;
        if (acceptExisting && json["error"]?["code"]?.GetValue<string>() == "ORDER_ID_EXIST") return json;
        throw new CarrierException(Vendor, json["error_code"]?.ToString() ?? ((int)status).ToString(), json["message"]?.GetValue<string>() ?? "",
            transient: (int)status >= 500 || (int)status == 429);
    }

    private static string E(string? s) => Uri.EscapeDataString(s ?? "");
}

public sealed class GhtkOptions
{
    public string BaseUrl { get; set; } = "https://services.giaohangtietkiem.vn";
    public string? PartnerCode { get; set; }
    /// <summary>A5 or A6.</summary>
    public string PaperSize { get; set; } = "A6";
}
