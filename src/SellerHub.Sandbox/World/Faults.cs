namespace SellerHub.Sandbox.World;

/// <summary>What can go wrong with a vendor, set through the admin API.</summary>
public sealed record FaultSettings
{
    /// <summary>Added to every answer.</summary>
    public int LatencyMs { get; init; }
    /// <summary>Share of calls answered with the vendor's rate-limit error (0–1).</summary>
    public double RateLimited { get; init; }
    /// <summary>Share of calls answered with a 5xx.</summary>
    public double ServerErrors { get; init; }
    /// <summary>Share of calls that hang for 30 s and then close without an answer.</summary>
    public double Timeouts { get; init; }
    /// <summary>Share of webhooks silently not sent.</summary>
    public double DroppedWebhooks { get; init; }
}

public sealed class Faults
{
    private readonly Dictionary<Vendor, FaultSettings> _settings = [];
    private readonly Random _random = new(7);

    public FaultSettings For(Vendor vendor)
    {
        lock (_settings) return _settings.GetValueOrDefault(vendor) ?? new FaultSettings();
    }

    public void Set(Vendor vendor, FaultSettings settings)
    {
        lock (_settings) _settings[vendor] = settings;
    }

    public bool Roll(double rate)
    {
        if (rate <= 0) return false;
        lock (_random) return _random.NextDouble() < rate;
    }
}
