using System.Text.Json;
using System.Text.Json.Nodes;
using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Vendors;

/// <summary>
/// GHTK under /ghtk: Token header, {success, message, …} answers, create with a unique order.id
/// (a repeat answers ORDER_ID_EXIST with the existing label), fee, status, cancel only in states
/// 1, 2, 12, PDF labels, and form-encoded pushes to a URL carrying ?hash=.
/// </summary>
public static class GhtkApi
{
    private static readonly string[] Cancellable = ["1", "2", "12"];
    private static readonly string[] Required =
        ["id", "pick_name", "pick_address", "pick_province", "pick_district", "pick_tel", "name", "address", "province", "district", "ward", "tel"];

    public static readonly IReadOnlyDictionary<string, string> StatusText = new Dictionary<string, string>
    {
        ["-1"] = "Hủy đơn hàng", ["1"] = "Chưa tiếp nhận", ["2"] = "Đã tiếp nhận", ["3"] = "Đã lấy hàng/Đã nhập kho",
        ["4"] = "Đã điều phối giao hàng/Đang giao hàng", ["5"] = "Đã giao hàng/Chưa đối soát", ["6"] = "Đã đối soát",
        ["7"] = "Không lấy được hàng", ["9"] = "Không giao được hàng", ["12"] = "Đang lấy hàng", ["20"] = "Đang trả hàng", ["21"] = "Đã trả hàng",
    };

    public static void Map(WebApplication app)
    {
        var g = app.MapGroup("/ghtk/services");

        g.MapGet("/shipment/fee", (HttpContext http, SandboxWorld world) => Authed(http, world, () =>
        {
            var q = http.Request.Query;
            if (string.IsNullOrEmpty(q["province"]) || string.IsNullOrEmpty(q["district"]) || !int.TryParse(q["weight"], out var grams))
                return Error(422, "30101", "Thiếu province, district hoặc weight");
            var (fee, insurance) = Fee(grams, int.TryParse(q["value"], out var v) ? v : 0);
            return Results.Json(new { success = true, message = "", fee = new { name = "area1", fee, insurance_fee = insurance, delivery = true, extFees = Array.Empty<object>() } });
        }));

        g.MapPost("/shipment/order", async (HttpContext http, SandboxWorld world, Webhooks hooks) =>
        {
            JsonNode? body;
            try { body = await JsonNode.ParseAsync(http.Request.Body); }
            catch (JsonException) { body = null; }
            return Authed(http, world, () =>
            {
                var order = body?["order"];
                if (order is null || body?["products"] is not JsonArray { Count: > 0 } products) return Error(422, "30101", "Thiếu products hoặc order");
                var missing = Required.FirstOrDefault(f => string.IsNullOrWhiteSpace(Str(order, f)));
                if (missing is not null) return Error(422, "30101", $"Thiếu trường {missing}");
                if (Str(order, "hamlet") is null && Str(order, "street") is null) return Error(422, "30101", "Cần hamlet hoặc street");
                var pickMoney = Num(order, "pick_money");
                if (pickMoney is null) return Error(422, "30101", "Thiếu trường pick_money");
                if (pickMoney > 20_000_000) return Error(400, "30607", "Tiền thu hộ vượt quá hạn mức");

                var id = Str(order, "id")!;
                var existing = world.Shipments.FirstOrDefault(s => s.Carrier == Vendor.Ghtk && s.ClientOrderCode == id);
                if (existing is not null)
                {
                    existing.CreateCalls++;
                    return Results.Json(new
                    {
                        success = false, message = $"Mã đơn hàng {id} đã tồn tại trên hệ thống",
                        error = new { code = "ORDER_ID_EXIST", partner_id = id, ghtk_label = existing.TrackingCode, created = existing.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss"), status = existing.Status },
                    });
                }
                var grams = (int)Math.Round(products.Sum(p => (Num(p, "weight") ?? 0) * (Num(p, "quantity") ?? 1)) * (Str(order, "weight_option") == "gram" ? 1 : 1000));
                var (fee, insurance) = Fee(grams, (int)(Num(order, "value") ?? 0));
                var parcel = new CarrierShipment
                {
                    Carrier = Vendor.Ghtk,
                    ClientOrderCode = id,
                    TrackingCode = $"S{world.Credentials.GhtkPartnerCode[1..]}.A1.{world.Generator.NextId() + 2_000_000_000}",
                    Status = "2",
                    Cod = pickMoney.Value,
                    Fee = fee,
                    WeightGrams = grams,
                    ToName = Str(order, "name")!,
                    ToPhone = Str(order, "tel")!,
                    ToAddress = $"{Str(order, "address")}, {Str(order, "ward")}, {Str(order, "district")}, {Str(order, "province")}",
                    CreatedAt = world.Clock.Now,
                    UpdatedAt = world.Clock.Now,
                };
                parcel.Log.Add((parcel.CreatedAt, parcel.Status));
                world.Shipments.Add(parcel);
                return Results.Json(new
                {
                    success = true, message = "Các đơn hàng đã được add vào hệ thống GHTK thành công.",
                    order = new
                    {
                        partner_id = id, label = parcel.TrackingCode, area = "1", fee = fee.ToString(), insurance_fee = insurance.ToString(),
                        tracking_id = world.Generator.NextId(), estimated_pick_time = "Sáng " + world.Clock.Now.AddDays(1).ToString("yyyy-MM-dd"),
                        estimated_deliver_time = "Chiều " + world.Clock.Now.AddDays(2).ToString("yyyy-MM-dd"), products = Array.Empty<object>(), status_id = 2,
                    },
                });
            });
        });

        g.MapGet("/shipment/v2/{code}", (string code, HttpContext http, SandboxWorld world) => Authed(http, world, () =>
        {
            if (Find(world, code) is not { } p) return Error(200, "30201", "Không tìm thấy đơn hàng");
            return Results.Json(new
            {
                success = true, message = "",
                order = new
                {
                    label_id = p.TrackingCode, partner_id = p.ClientOrderCode, status = p.Status, status_text = StatusText.GetValueOrDefault(p.Status, ""),
                    created = p.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss"), modified = p.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss"),
                    ship_money = p.Fee, insurance = 0, value = 0, weight = p.WeightGrams, pick_money = p.Cod, is_freeship = 0,
                },
            });
        }));

        g.MapPost("/shipment/cancel/{code}", (string code, HttpContext http, SandboxWorld world, Webhooks hooks) => Authed(http, world, () =>
        {
            if (Find(world, code) is not { } p) return Error(200, "30201", "Không tìm thấy đơn hàng");
            if (!Cancellable.Contains(p.Status))
                return Error(200, "50101", $"Đơn hàng đang ở trạng thái \"{StatusText.GetValueOrDefault(p.Status)}\", không thể hủy");
            CarrierProgress.Set(p, "-1", world.Clock.Now, world, hooks);
            return Results.Json(new { success = true, message = "", log_id = VendorErrors.Id() });
        }));

        g.MapGet("/label/{code}", (string code, string? paper_size, HttpContext http, SandboxWorld world) => Authed(http, world, () =>
        {
            if (Find(world, code) is not { } p) return Error(200, "30201", "Không tìm thấy đơn hàng");
            var (w, h) = paper_size == "A5" ? (148, 210) : (105, 148);
            var pdf = Pdf.Label(w, h, [$"GHTK  {p.TrackingCode}", $"Ma don: {p.ClientOrderCode}", $"Nguoi nhan: {p.ToName} {p.ToPhone}", p.ToAddress, $"Thu ho: {p.Cod:0} VND"]);
            return Results.File(pdf, "application/pdf", $"{p.TrackingCode}.pdf");
        }));
    }

    /// <summary>GHTK pushes form fields to the registered URL; its ?hash= is the only authentication.</summary>
    public static void Push(CarrierShipment p, SandboxWorld world, Webhooks hooks) =>
        hooks.Form(Vendor.Ghtk, new Dictionary<string, string>
        {
            ["label_id"] = p.TrackingCode, ["partner_id"] = p.ClientOrderCode, ["status_id"] = p.Status,
            ["action_time"] = p.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ"), ["reason_code"] = p.Status is "7" or "9" ? "100" : "",
            ["reason"] = p.Status switch { "7" => "Nhà vận chuyển từ chối lấy hàng", "9" => "Không liên lạc được người nhận", _ => "" },
            ["weight"] = (p.WeightGrams / 1000m).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["fee"] = p.Fee.ToString(System.Globalization.CultureInfo.InvariantCulture), ["pick_money"] = p.Cod.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["return_part_package"] = "0",
        });

    private static CarrierShipment? Find(SandboxWorld world, string code)
    {
        var byPartner = code.StartsWith("partner_id:") ? code["partner_id:".Length..] : null;
        return world.Shipments.FirstOrDefault(s => s.Carrier == Vendor.Ghtk && (byPartner is null ? s.TrackingCode == code : s.ClientOrderCode == byPartner));
    }

    private static (int Fee, int Insurance) Fee(int grams, int value) =>
        (30_000 + Math.Max(0, (grams - 1000 + 499) / 500) * 2_500, value > 1_000_000 ? value / 200 : 0);

    private static IResult Authed(HttpContext http, SandboxWorld world, Func<IResult> body)
    {
        if (http.Request.Headers["Token"].ToString() != world.Credentials.GhtkToken) return Error(401, "20101", "Token không hợp lệ");
        lock (world.Sync) return body();
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { success = false, message, error_code = code, log_id = VendorErrors.Id() }, statusCode: status);

    private static string? Str(JsonNode? node, string name) => node?[name] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
        JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(),
        _ => null,
    };

    private static decimal? Num(JsonNode? node, string name) => node?[name] is JsonValue v
        ? v.TryGetValue<decimal>(out var d) ? d : v.TryGetValue<string>(out var s) && decimal.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null
        : null;
}
