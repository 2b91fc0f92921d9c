using SellerHub.Persistence;
using SellerHub.Workspaces;

namespace SellerHub.Web.Hosting;

/// <summary>
/// Sends every page to /setup until the first workspace exists. Once one exists the answer never
/// changes, so it is remembered and costs nothing afterwards.
/// </summary>
public sealed class SetupGate
{
    private volatile bool _done;

    public async Task<bool> IsNeededAsync(SellerHubDb db)
    {
        if (_done) return false;
        if (await SetUpWorkspace.IsNeeded(db, CancellationToken.None)) return true;
        _done = true;
        return false;
    }

    public void MarkDone() => _done = true;

    public static readonly string[] OpenPaths = ["/setup", "/_framework", "/_content", "/_blazor", "/health", "/api", "/metrics", "/culture"];
}
