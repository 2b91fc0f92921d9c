using System.Text.Json;
using System.Text.Json.Nodes;
using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Vendors;

/// <summary>
/// GHN v2 under /ghn: Token/ShopId headers, {code, message, data} envelope, master data, fee,
/// idempotent create by client_order_code, detail, cancel before pickup, A5/80x80/52x70 labels, pushes.
/// </summary>
public static class GhnApi
{
    private const string Root = "/ghn/shiip/public-api";
    private static readonly string[] RequiredNotes = ["CHOTHUHANG", "CHOXEMHANGKHONGTHU", "KHONGCHOXEMHANG"];
    private static readonly string[] Cancellable = ["ready_to_pick", "picking", "money_collect_picking"];

    public static void Map(WebApplication app)
    {
        var g = app.MapGroup(Root);

        g.MapGet("/master-data/province", (HttpContext http, SandboxWorld world) => Authed(http, world, false, () =>
            Ok(MasterData.Provinces.Select(p => new { ProvinceID = p.Id, ProvinceName = p.Name, NameExtension = new[] { p.Name } }))));

        g.MapPost("/master-data/district", async (HttpContext http, SandboxWorld world) =>
        {
            var body = await Json(http);
            var provinceId = Int(body, "province_id");
            return Authed(http, world, false, () => Ok(MasterData.Districts.Where(d => provinceId is null || d.ProvinceId == provinceId)
                .Select(d => new { DistrictID = d.Id, ProvinceID = d.ProvinceId, DistrictName = d.Name })));
        });

        g.MapPost("/master-data/ward", async (HttpContext http, SandboxWorld world) =>
        {
            var body = await Json(http);
            var districtId = Int(body, "district_id");
            if (districtId is null) return Error(400, "district_id is required");
            return Authed(http, world, false, () => Ok(MasterData.Wards.Where(w => w.DistrictId == districtId)
                .Select(w => new { WardCode = w.Code, DistrictID = w.DistrictId, WardName = w.Name })));
        });

        g.MapPost("/v2/shipping-order/fee", async (HttpContext http, SandboxWorld world) =>
        {
            var body = await Json(http);
            return Authed(http, world, true, () =>
            {
                if (Int(body, "weight") is not { } weight || weight <= 0) return Error(400, "weight is required");
                var (total, service, insurance) = Fee(weight, Int(body, "insurance_value") ?? 0);
                return Ok(new { total, service_fee = service, insurance_fee = insurance, pick_station_fee = 0, coupon_value = 0, r2s_fee = 0, cod_fee = 0 });
            });
        });

        g.MapPost("/v2/shipping-order/create", async (HttpContext http, SandboxWorld world, Webhooks hooks) =>
        {
            var body = await Json(http);
            return Authed(http, world, true, () =>
            {
                var problem = Validate(body);
                if (problem is not null) return Error(400, problem);
                var client = Str(body, "client_order_code");
                var existing = client is null ? null : world.Shipments.FirstOrDefault(s => s.Carrier == Vendor.Ghn && s.ClientOrderCode == client);
                if (existing is not null)
                {
                    existing.CreateCalls++;
                    return Ok(Created(existing));
                }
                var weight = Int(body, "weight")!.Value;
                var parcel = new CarrierShipment
                {
                    Carrier = Vendor.Ghn,
                    ClientOrderCode = client ?? "",
                    TrackingCode = "G" + Code(world, 7),
                    Status = "ready_to_pick",
                    Cod = Int(body, "cod_amount") ?? 0,
                    Fee = Fee(weight, Int(body, "insurance_value") ?? 0).Total,
                    WeightGrams = weight,
                    ToName = Str(body, "to_name")!,
                    ToPhone = Str(body, "to_phone")!,
                    ToAddress = Str(body, "to_address")!,
                    CreatedAt = world.Clock.Now,
                    UpdatedAt = world.Clock.Now,
                };
                parcel.Log.Add((parcel.CreatedAt, parcel.Status));
                world.Shipments.Add(parcel);
                Push(parcel, world, hooks, "create");
                return Ok(Created(parcel));
            });
        });

        g.MapPost("/v2/shipping-order/detail", async (HttpContext http, SandboxWorld world) =>
        {
            var body = await Json(http);
            return Authed(http, world, false, () =>
                Find(world, p => p.TrackingCode == Str(body, "order_code")) is { } p ? Ok(Detail(p)) : Error(400, "Đơn hàng không tồn tại"));
        });

        g.MapPost("/v2/shipping-order/detail-by-client-code", async (HttpContext http, SandboxWorld world) =>
        {
            var body = await Json(http);
            return Authed(http, world, false, () =>
                Find(world, p => p.ClientOrderCode == Str(body, "client_order_code")) is { } p ? Ok(Detail(p)) : Error(400, "Đơn hàng không tồn tại"));
        });

        g.MapPost("/v2/switch-status/cancel", async (HttpContext http, SandboxWorld world, Webhooks hooks) =>
        {
            var body = await Json(http);
            return Authed(http, world, true, () =>
            {
                if (body?["order_codes"] is not JsonArray codes || codes.Count == 0) return Error(400, "order_codes is required");
                return Ok(codes.Select(c => c?.GetValue<string>()).Select(code =>
                {
                    var parcel = Find(world, p => p.TrackingCode == code);
                    if (parcel is null) return new { order_code = code, result = false, message = "Đơn hàng không tồn tại" };
                    if (!Cancellable.Contains(parcel.Status))
                        return new { order_code = code, result = false, message = $"Không thể hủy đơn hàng ở trạng thái {parcel.Status}" };
                    CarrierProgress.Set(parcel, "cancel", world.Clock.Now, world, hooks);
                    return new { order_code = code, result = true, message = "OK" };
                }).ToList());
            });
        });

        g.MapPost("/v2/a5/gen-token", async (HttpContext http, SandboxWorld world) =>
        {
            var body = await Json(http);
            return Authed(http, world, false, () =>
            {
                var codes = (body?["order_codes"] as JsonArray)?.Select(c => c?.GetValue<string>()).OfType<string>().ToList() ?? [];
                if (codes.Count == 0 || codes.Any(c => Find(world, p => p.TrackingCode == c) is null)) return Error(400, "order_codes không hợp lệ");
                var token = SandboxWorld.Token(12);
                lock (PrintTokens) PrintTokens[token] = (codes, world.Clock.Now.AddMinutes(30));
                return Ok(new { token });
            });
        });

        foreach (var size in new[] { "printA5", "print80x80", "print52x70" })
            app.MapGet($"/ghn/a5/public-api/{size}", (string? token, SandboxWorld world) =>
            {
                (List<string> Codes, DateTime Until) entry;
                lock (PrintTokens)
                    if (token is null || !PrintTokens.TryGetValue(token, out entry) || entry.Until < world.Clock.Now)
                        return Results.Content("<html><body>Token không hợp lệ hoặc đã hết hạn</body></html>", "text/html; charset=utf-8", statusCode: 400);
                lock (world.Sync)
                {
                    var labels = entry.Codes.Select(c => Find(world, p => p.TrackingCode == c)!).Select(p =>
                        $"<section class=\"label {size}\"><h1>GHN {p.TrackingCode}</h1><p>Mã đơn: {p.ClientOrderCode}</p><p>Người nhận: {System.Net.WebUtility.HtmlEncode(p.ToName)} — {p.ToPhone}</p><p>{System.Net.WebUtility.HtmlEncode(p.ToAddress)}</p><p>Thu hộ: {p.Cod:N0} đ</p></section>");
                    return Results.Content($"<!doctype html><html><head><meta charset=\"utf-8\"><title>GHN {size}</title></head><body>{string.Concat(labels)}</body></html>", "text/html; charset=utf-8");
                }
            });
    }

    private static readonly Dictionary<string, (List<string> Codes, DateTime Until)> PrintTokens = [];

    /// <summary>Push with GHN's field names; GHN signs nothing, the secret lives in the registered URL.</summary>
    public static void Push(CarrierShipment p, SandboxWorld world, Webhooks hooks, string type = "switch_status")
    {
        var body = JsonSerializer.Serialize(new
        {
            CODAmount = p.Cod, ClientOrderCode = p.ClientOrderCode, OrderCode = p.TrackingCode, Status = p.Status, Type = type,
            Time = p.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), Reason = p.Status is "cancel" && p.RefusePickup ? "Nhà vận chuyển từ chối lấy hàng" : "",
            ReasonCode = "", TotalFee = p.Fee, Weight = p.WeightGrams, ConvertedWeight = p.WeightGrams, ShopID = world.Credentials.GhnShopId, PaymentType = 1,
            Warehouse = "Bưu cục Sài Gòn",
        });
        hooks.Json(Vendor.Ghn, body, (_, _) => new Dictionary<string, string>());
    }

    private static object Created(CarrierShipment p) => new
    {
        order_code = p.TrackingCode, sort_code = "079-HCM-01", trans_type = "truck", ward_encode = "", district_encode = "",
        fee = new { main_service = p.Fee, insurance = 0, station_do = 0, station_pu = 0, @return = 0, r2s = 0, coupon = 0 },
        total_fee = p.Fee, expected_delivery_time = p.CreatedAt.AddDays(2).ToString("yyyy-MM-ddTHH:mm:ssZ"),
    };

    private static object Detail(CarrierShipment p) => new
    {
        order_code = p.TrackingCode, client_order_code = p.ClientOrderCode, status = p.Status, cod_amount = p.Cod, weight = p.WeightGrams,
        to_name = p.ToName, to_phone = p.ToPhone, to_address = p.ToAddress, created_date = p.CreatedAt, updated_date = p.UpdatedAt,
        log = p.Log.Select(l => new { status = l.Status, updated_date = l.At }),
    };

    private static string? Validate(JsonNode? b)
    {
        if (b is null) return "Dữ liệu không hợp lệ";
        if (Int(b, "payment_type_id") is not (1 or 2)) return "payment_type_id phải là 1 hoặc 2";
        if (!RequiredNotes.Contains(Str(b, "required_note"))) return "required_note không hợp lệ";
        foreach (var field in new[] { "to_name", "to_phone", "to_address" })
            if (string.IsNullOrWhiteSpace(Str(b, field))) return $"{field} là bắt buộc";
        if (Int(b, "weight") is not (> 0 and <= 50_000)) return "weight phải từ 1 đến 50000 gram";
        if (Int(b, "service_type_id") is null && Int(b, "service_id") is null) return "service_type_id hoặc service_id là bắt buộc";
        var hasCodes = Str(b, "to_ward_code") is not null && Int(b, "to_district_id") is not null;
        var hasNames = Str(b, "to_ward_name") is not null && Str(b, "to_province_name") is not null;
        if (!hasCodes && !hasNames) return "Cần to_ward_code + to_district_id hoặc to_ward_name + to_province_name";
        if (Int(b, "cod_amount") > 50_000_000) return "cod_amount tối đa 50.000.000";
        return null;
    }

    private static (int Total, int Service, int Insurance) Fee(int grams, int insuranceValue)
    {
        var service = 22_000 + Math.Max(0, (grams - 500 + 499) / 500) * 5_000;
        var insurance = insuranceValue > 1_000_000 ? insuranceValue / 200 : 0;
        return (service + insurance, service, insurance);
    }

    private static IResult Authed(HttpContext http, SandboxWorld world, bool needsShop, Func<IResult> body)
    {
        if (http.Request.Headers["Token"].ToString() != world.Credentials.GhnToken)
            return Results.Json(new { code = 401, message = "Token is not valid!", data = (object?)null }, statusCode: 401);
        if (needsShop && http.Request.Headers["ShopId"].ToString() != world.Credentials.GhnShopId.ToString())
            return Error(400, "ShopId không hợp lệ hoặc không thuộc tài khoản");
        lock (world.Sync) return body();
    }

    private static CarrierShipment? Find(SandboxWorld world, Func<CarrierShipment, bool> match) =>
        world.Shipments.FirstOrDefault(s => s.Carrier == Vendor.Ghn && match(s));

    private static IResult Ok(object data) => Results.Json(new { code = 200, message = "Success", data });

    private static IResult Error(int code, string message) =>
        Results.Json(new { code, message, data = (object?)null, code_message = "USER_ERR_COMMON" }, statusCode: code);

    private static string Code(SandboxWorld world, int length)
    {
        const string alphabet = "ABCDEFGHKLMNPQRTUVWXY346789";
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[world.Generator.Next(alphabet.Length)]).ToArray());
    }

    private static async Task<JsonNode?> Json(HttpContext http)
    {
        try { return await JsonNode.ParseAsync(http.Request.Body); }
        catch (JsonException) { return null; }
    }

    private static string? Str(JsonNode? b, string name) => b?[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static int? Int(JsonNode? b, string name) => b?[name] is JsonValue v
        ? v.TryGetValue<int>(out var i) ? i : v.TryGetValue<long>(out var l) ? (int)Math.Min(l, int.MaxValue) : v.TryGetValue<decimal>(out var d) ? (int)d : null
        : null;
}

/// <summary>GHN's three-tier master data (its own numeric ids), built from the sampled old wards.</summary>
public static class MasterData
{
    public sealed record Province(int Id, string Name);
    public sealed record District(int Id, int ProvinceId, string Name);
    public sealed record Ward(string Code, int DistrictId, string Name);

    private static readonly Lazy<(List<Province>, List<District>, List<Ward>)> Data = new(Build);
    public static List<Province> Provinces => Data.Value.Item1;
    public static List<District> Districts => Data.Value.Item2;
    public static List<Ward> Wards => Data.Value.Item3;

    private static (List<Province>, List<District>, List<Ward>) Build()
    {
        using var stream = typeof(MasterData).Assembly.GetManifestResourceStream("SellerHub.Sandbox.old-addresses.json")!;
        var rows = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(stream)!;
        var provinces = rows.Select(r => r["province"]).Distinct().Select((name, i) => new Province(201 + i, name)).ToList();
        var districts = rows.Select(r => (r["province"], r["district"])).Distinct()
            .Select((d, i) => new District(1442 + i, provinces.First(p => p.Name == d.Item1).Id, d.Item2)).ToList();
        var wards = rows.Select((r, i) => new Ward((20101 + i).ToString(), districts.First(d => d.Name == r["district"] && provinces.First(p => p.Id == d.ProvinceId).Name == r["province"]).Id, r["ward"])).ToList();
        return (provinces, districts, wards);
    }
}
