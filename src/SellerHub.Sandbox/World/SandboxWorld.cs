using System.Security.Cryptography;

namespace SellerHub.Sandbox.World;

/// <summary>
/// Everything the emulated vendors know: shops, catalogs, orders, tokens, parcels, chats. One lock
/// guards it all; the sandbox is about fidelity, not throughput.
/// </summary>
public sealed class SandboxWorld
{
    public object Sync { get; } = new();
    public Credentials Credentials { get; } = new();
    public SandboxClock Clock { get; } = new();
    public Generator Generator { get; }
    public Faults Faults { get; } = new();
    public List<SandboxShop> Shops { get; } = [];
    public List<CarrierShipment> Shipments { get; } = [];
    public Vendors.TelegramState Telegram { get; } = new();
    private long _version;

    private readonly Dictionary<string, Grant> _codes = [];
    private readonly Dictionary<string, Grant> _accessTokens = [];
    private readonly Dictionary<string, Grant> _refreshTokens = [];

    public SandboxWorld(int seed = 20251126)
    {
        Generator = new Generator(seed);
        foreach (var (vendor, id, name) in new[]
                 {
                     (Vendor.Shopee, 200001L, "Shop Mẹ Bé An Nhiên (Shopee)"),
                     (Vendor.Lazada, 300001L, "An Nhiên Official (Lazada)"),
                     (Vendor.TikTok, 7_000_001L, "An Nhiên Store (TikTok Shop)"),
                 })
        {
            var shop = new SandboxShop { Vendor = vendor, ShopId = id, Name = name, OrdersPerMinute = 0 };
            Generator.FillCatalog(shop, Clock.Now);
            Shops.Add(shop);
            for (var i = 0; i < 12; i++) AddOrder(Generator.NewOrder(shop, Clock.Now.AddHours(-6 + i * 0.5), this));
        }
    }

    public long NextVersion() => ++_version;

    public SandboxShop Shop(Vendor vendor, long shopId) =>
        Shops.FirstOrDefault(s => s.Vendor == vendor && s.ShopId == shopId)
        ?? throw new KeyNotFoundException($"No {vendor} shop {shopId}.");

    public SandboxShop? FindShop(Vendor vendor, long shopId) => Shops.FirstOrDefault(s => s.Vendor == vendor && s.ShopId == shopId);

    public SandboxOrder AddOrder(SandboxOrder order)
    {
        order.Version = NextVersion();
        order.Shop.Orders.Add(order);
        return order;
    }

    /// <summary>Moves an order to a new state and stamps it; the caller sends the vendor's webhook.</summary>
    public void Touch(SandboxOrder order, OrderState state)
    {
        order.State = state;
        order.UpdateTime = Clock.Now;
        order.Version = NextVersion();
    }

    // ---- authorisation -------------------------------------------------------------------

    public sealed class Grant
    {
        public required Vendor Vendor { get; init; }
        public required long ShopId { get; init; }
        public required DateTime ExpiresAt { get; set; }
        public bool Used { get; set; }
    }

    public string IssueCode(Vendor vendor, long shopId)
    {
        var code = Token(16);
        _codes[code] = new Grant { Vendor = vendor, ShopId = shopId, ExpiresAt = Clock.Now.AddMinutes(vendor == Vendor.Shopee ? 10 : 30) };
        return code;
    }

    /// <summary>Exchanges a single-use code; null when unknown, used, expired or of another vendor.</summary>
    public Grant? RedeemCode(Vendor vendor, string code)
    {
        if (!_codes.TryGetValue(code, out var grant) || grant.Vendor != vendor || grant.Used || grant.ExpiresAt < Clock.Now) return null;
        grant.Used = true;
        return grant;
    }

    public (string Access, string Refresh, Grant AccessGrant, Grant RefreshGrant) IssueTokens(Vendor vendor, long shopId, TimeSpan accessLife, TimeSpan refreshLife)
    {
        var access = Token(16);
        var refresh = Token(16);
        var a = new Grant { Vendor = vendor, ShopId = shopId, ExpiresAt = Clock.Now + accessLife };
        var r = new Grant { Vendor = vendor, ShopId = shopId, ExpiresAt = Clock.Now + refreshLife };
        _accessTokens[access] = a;
        _refreshTokens[refresh] = r;
        return (access, refresh, a, r);
    }

    /// <summary>A refresh token is single use (Shopee's rule, applied to all: the strictest is the safest to test against).</summary>
    public Grant? RedeemRefresh(Vendor vendor, string refresh)
    {
        if (!_refreshTokens.TryGetValue(refresh, out var grant) || grant.Vendor != vendor || grant.Used || grant.ExpiresAt < Clock.Now) return null;
        grant.Used = true;
        return grant;
    }

    public Grant? Access(Vendor vendor, string? token) =>
        token is not null && _accessTokens.TryGetValue(token, out var g) && g.Vendor == vendor && g.ExpiresAt > Clock.Now ? g : null;

    /// <summary>Admin: every access token of the shop expires now (the seller's worst Monday).</summary>
    public int ExpireTokens(Vendor vendor, long shopId)
    {
        var n = 0;
        foreach (var g in _accessTokens.Values.Where(g => g.Vendor == vendor && g.ShopId == shopId && g.ExpiresAt > Clock.Now))
        {
            g.ExpiresAt = Clock.Now.AddSeconds(-1);
            n++;
        }
        return n;
    }

    /// <summary>Admin: the seller (or the marketplace) revokes the app: no token of the shop works, refresh included.</summary>
    public int RevokeAuthorisation(Vendor vendor, long shopId)
    {
        var n = ExpireTokens(vendor, shopId);
        foreach (var g in _refreshTokens.Values.Where(g => g.Vendor == vendor && g.ShopId == shopId && !g.Used))
        {
            g.Used = true;
            n++;
        }
        return n;
    }

    public static string Token(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}

/// <summary>Sandbox time: real time plus an offset an admin can move forward.</summary>
public sealed class SandboxClock
{
    private TimeSpan _offset;
    public DateTime Now => DateTime.UtcNow + _offset;
    public void Advance(TimeSpan by) => _offset += by;
    public static long Unix(DateTime t) => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeSeconds();
    public static long UnixMillis(DateTime t) => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
