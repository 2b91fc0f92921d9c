using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SellerHub.Carriers;

namespace SellerHub.Integrations.Http;

internal static class CarrierHttp
{
    /// <summary>
    /// Sends a carrier call and reads its JSON. A carrier that cannot be reached, times out or answers
    /// with something that is not JSON (a proxy's error page) is a transient <see cref="CarrierException"/>.
    /// </summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Json)> SendAsync(HttpClient client, HttpRequestMessage request, string vendor, CancellationToken ct)
    {
        try
        {
            using var response = await client.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            try
            {
                return (response.StatusCode, JsonNode.Parse(text));
            }
            catch (JsonException)
            {
                throw new CarrierException(vendor, ((int)response.StatusCode).ToString(), $"not JSON: {text[..Math.Min(text.Length, 120)]}", transient: true);
            }
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new CarrierException(vendor, e is HttpRequestException ? "network" : "timeout", e.Message, transient: true);
        }
    }
}
