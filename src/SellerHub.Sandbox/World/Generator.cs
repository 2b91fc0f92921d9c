using System.Text.Json;

namespace SellerHub.Sandbox.World;

/// <summary>
/// Makes the world's catalog and orders: Vietnamese names, phones (valid, masked, invalid), new
/// two-tier and old three-tier addresses (some incomplete), COD and prepaid, vouchers, ship-by
/// deadlines by each marketplace's rule. The same seed gives the same world.
/// </summary>
public sealed class Generator(int seed)
{
    private readonly Random _random = new(seed);
    private long _nextId = 1000;

    private static readonly string[] Families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
    private static readonly string[] Middles = ["Thị", "Văn", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Quốc", "Thu", "Gia"];
    private static readonly string[] Givens = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Mai", "Nam", "Phúc", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"];
    private static readonly string[] Streets = ["Lê Lợi", "Nguyễn Trãi", "Trần Hưng Đạo", "Hai Bà Trưng", "Lý Thường Kiệt", "Phố Huế", "Nguyễn Huệ", "Cách Mạng Tháng Tám", "Điện Biên Phủ", "Võ Văn Tần", "Lạc Long Quân", "Quang Trung"];
    private static readonly string[] MobilePrefixes = ["090", "091", "093", "094", "096", "097", "098", "032", "033", "035", "037", "038", "070", "076", "077", "078", "079", "081", "083", "085", "086", "088", "056", "058"];

    private static readonly (string Name, string? Sku, string[] Models, decimal Price)[] Products =
    [
        ("Áo thun cotton unisex", "AT-COTTON", ["Trắng - M", "Trắng - L", "Đen - M", "Đen - L"], 129000),
        ("Quần jean nữ lưng cao", "QJ-NU", ["26", "27", "28"], 289000),
        ("Váy hoa nhí vintage", "VAY-HOA", [], 245000),
        ("Kem chống nắng SPF50 50ml", "KCN-50", [], 185000),
        ("Son kem lì", "SON-LI", ["Đỏ gạch", "Hồng đất", "Cam cháy"], 99000),
        ("Bình giữ nhiệt 500ml", "BGN-500", ["Xanh", "Hồng"], 159000),
        ("Tai nghe Bluetooth TWS", "TN-TWS", [], 349000),
        ("Ốp lưng iPhone 15", null, ["Trong suốt", "Đen nhám"], 59000),   // a listing without SKUs: cannot auto-link
        ("Combo 3 đôi tất cổ ngắn", "COMBO-3-TAT", [], 69000),            // a combo of the seller's "TAT" product
        ("Sữa rửa mặt 150ml", "SRM-150", [], 125000),
        ("Mũ lưỡi trai thêu chữ", "MU-LT", ["Be", "Đen"], 89000),
        ("Balo laptop chống nước", "BALO-LT", [], 399000),
    ];

    private readonly Lazy<(string Ward, string Province)[]> _newWards = new(() => LoadNewWards());
    private readonly Lazy<(string Ward, string District, string Province)[]> _oldWards = new(() => LoadOldWards());

    public long NextId() => Interlocked.Increment(ref _nextId);

    public void FillCatalog(SandboxShop shop, DateTime now)
    {
        foreach (var (name, sku, models, price) in Products)
        {
            var item = new SandboxItem { ItemId = shop.ShopId * 1000 + NextId(), Name = name, Sku = sku, HasModels = models.Length > 0, UpdateTime = now };
            if (models.Length == 0)
                item.Models.Add(new SandboxModel { ModelId = 0, Name = name, Sku = sku, Price = price, Stock = _random.Next(0, 60) });
            foreach (var model in models)
                item.Models.Add(new SandboxModel
                {
                    ModelId = item.ItemId * 10 + item.Models.Count + 1,
                    Name = model,
                    Sku = sku is null ? null : $"{sku}-{Slug(model)}",
                    Price = price,
                    Stock = _random.Next(0, 40),
                });
            shop.Items.Add(item);
        }
        shop.Items[6].Status = "BANNED";  // the earbuds: a banned listing
        shop.Items[11].Status = "UNLIST"; // the backpack: hidden by the seller
    }

    public SandboxOrder NewOrder(SandboxShop shop, DateTime created, SandboxWorld world)
    {
        var sellable = shop.Items.Where(i => i.Status == "NORMAL").ToList();
        var lines = new List<OrderLine>();
        for (var n = 1 + (_random.Next(100) < 25 ? 1 : 0); n > 0; n--)
        {
            var item = sellable[_random.Next(sellable.Count)];
            var model = item.Models[_random.Next(item.Models.Count)];
            var discount = _random.Next(100) < 30 ? Math.Round(model.Price * 0.1m / 1000) * 1000 : 0;
            lines.Add(new OrderLine(item.ItemId, model.ModelId, item.Name + (item.HasModels ? $" ({model.Name})" : ""), model.Sku,
                1 + (_random.Next(100) < 20 ? 1 : 0), model.Price, model.Price - discount) { LineId = NextId() });
        }

        var cod = _random.Next(100) < 60;
        var paid = cod || _random.Next(100) < 85;
        // Drawn in this order so that a seed keeps giving the same world.
        var id = OrderId(shop.Vendor, created);
        var buyer = Name();
        var recipient = Recipient();
        var shippingFee = _random.Next(100) < 50 ? 0 : 15000 + 5000 * _random.Next(4);
        var voucher = _random.Next(100) < 30 ? 10000 : 0;
        var note = _random.Next(100) < 15 ? "Giao giờ hành chính giúp em" : null;
        return Order(id, shop, created, buyer, recipient, lines, cod, paid, voucher, shippingFee, note);
    }

    /// <summary>An order exactly as given (the admin's "create a given order"); its id and ship-by follow the marketplace's rules.</summary>
    public SandboxOrder GivenOrder(SandboxShop shop, DateTime created, string buyer, Recipient recipient, List<OrderLine> lines,
        bool cod, bool paid, decimal voucher, decimal shippingFee, string? note) =>
        Order(OrderId(shop.Vendor, created), shop, created, buyer, recipient, lines, cod, paid, voucher, shippingFee, note);

    private static SandboxOrder Order(string id, SandboxShop shop, DateTime created, string buyer, Recipient recipient, List<OrderLine> lines,
        bool cod, bool paid, decimal voucher, decimal shippingFee, string? note) => new()
    {
        OrderId = id,
        Shop = shop,
        State = paid || cod ? OrderState.ReadyToShip : OrderState.Unpaid,
        CreateTime = created,
        UpdateTime = created,
        ShipBy = ShipBy(shop.Vendor, created),
        BuyerName = buyer,
        Recipient = recipient,
        Lines = lines,
        ShippingFee = shippingFee,
        Voucher = voucher,
        IsCod = cod,
        BuyerNote = note,
    };

    /// <summary>Shopee gives days_to_ship (2 here); Lazada and TikTok count 2 working days, to 23:59:59 Vietnam time.</summary>
    public static DateTime ShipBy(Vendor vendor, DateTime created)
    {
        if (vendor == Vendor.Shopee) return created.AddDays(2);
        var vietnam = TimeSpan.FromHours(7);
        var day = (created + vietnam).Date;
        for (var added = 0; added < 2;)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday) added++;
        }
        return DateTime.SpecifyKind(day.AddDays(1).AddSeconds(-1) - vietnam, DateTimeKind.Utc);
    }

    private string OrderId(Vendor vendor, DateTime created) => vendor switch
    {
        Vendor.Shopee => created.ToString("yyMMdd") + Base36(8),
        Vendor.Lazada => (100_000_000_000_000L + NextId() * 7919).ToString(),
        _ => (576_000_000_000_000_000L + NextId() * 104_729).ToString(),
    };

    private string Base36(int length)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[_random.Next(alphabet.Length)]).ToArray());
    }

    public string Name() => $"{Pick(Families)} {Pick(Middles)} {Pick(Givens)}";

    /// <summary>Mostly valid mobiles; some masked as marketplaces show them, a few plainly wrong.</summary>
    public string Phone()
    {
        var number = Pick(MobilePrefixes) + _random.Next(1_000_000, 9_999_999).ToString();
        return _random.Next(100) switch
        {
            < 10 => number[..2] + "*****" + number[^3..],
            < 14 => number[..6],
            < 20 => "+84" + number[1..],
            _ => number,
        };
    }

    public Recipient Recipient()
    {
        var street = $"{_random.Next(1, 300)} {Pick(Streets)}";
        var roll = _random.Next(100);
        if (roll < 25)
        {
            var (ward, district, province) = _oldWards.Value[_random.Next(_oldWards.Value.Length)];
            return new Recipient(Name(), Phone(), street, ward, district, province, OldStyle: true);
        }
        var (newWard, newProvince) = _newWards.Value[_random.Next(_newWards.Value.Length)];
        return roll switch
        {
            < 30 => new Recipient(Name(), Phone(), street, null, null, newProvince, false),   // ward missing
            < 33 => new Recipient(Name(), Phone(), "", newWard, null, newProvince, false),    // street missing
            _ => new Recipient(Name(), Phone(), street, newWard, null, newProvince, false),
        };
    }

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

    public int Next(int max) => _random.Next(max);

    private static string Slug(string s) => new string(s.Replace('Đ', 'D').Replace('đ', 'd').Normalize(System.Text.NormalizationForm.FormD)
        .Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();

    private static (string, string)[] LoadNewWards()
    {
        var provinces = Read("provinces-2025.json").ToDictionary(p => p.GetProperty("code").GetString()!, p => p.GetProperty("full_name").GetString()!);
        return Read("wards-2025.json").Select(w => (w.GetProperty("full_name").GetString()!, provinces[w.GetProperty("province_code").GetString()!])).ToArray();
    }

    private static (string, string, string)[] LoadOldWards() =>
        Read("old-addresses.json").Select(w => (w.GetProperty("ward").GetString()!, w.GetProperty("district").GetString()!, w.GetProperty("province").GetString()!)).ToArray();

    private static List<JsonElement> Read(string file)
    {
        using var stream = typeof(Generator).Assembly.GetManifestResourceStream("SellerHub.Sandbox." + file)!;
        return JsonSerializer.Deserialize<List<JsonElement>>(stream)!;
    }
}
