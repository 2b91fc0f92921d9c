using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wolverine;
using Wolverine.Runtime;

namespace SellerHub.Web.Hosting;

/// <summary>Ready when Wolverine's message store answers; reports what waits and what failed.</summary>
public sealed class OutboxHealthCheck(IWolverineRuntime runtime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var counts = await runtime.Storage.Admin.FetchCountsAsync();
            var data = new Dictionary<string, object>
            {
                ["incoming"] = counts.Incoming,
                ["outgoing"] = counts.Outgoing,
                ["scheduled"] = counts.Scheduled,
                ["deadLetter"] = counts.DeadLetter,
            };
            return counts.DeadLetter > 0
                ? HealthCheckResult.Degraded($"{counts.DeadLetter} message(s) in the dead-letter queue.", data: data)
                : HealthCheckResult.Healthy(data: data);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The outbox store does not answer.", e);
        }
    }
}
