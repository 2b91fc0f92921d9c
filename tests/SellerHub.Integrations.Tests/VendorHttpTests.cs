using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using SellerHub.Integrations.Shopee;

namespace SellerHub.Integrations.Tests;

/// <summary>The retry pipeline every vendor client shares, against a vendor that asks to be left alone for a while.</summary>
public sealed class VendorHttpTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_vendor_asking_to_retry_after_a_second_is_not_called_again_sooner()
    {
        // The sandbox never sends Retry-After, so a vendor that does: 429 "Retry-After: 1" once, then 200.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var vendor = builder.Build();
        var calls = new List<long>();
        vendor.MapGet("/busy", (HttpResponse response) =>
        {
            lock (calls) calls.Add(Stopwatch.GetTimestamp());
            if (calls.Count > 1) return Results.Ok();
            response.Headers.RetryAfter = "1";
            return Results.StatusCode(429);
        });
        await vendor.StartAsync(Ct);
        var address = vendor.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        // The fixture's first backoff is 20 ms: only the header can make the client wait a second.
        using var response = await sandbox.Get<IHttpClientFactory>().CreateClient(ShopeeChannel.Vendor).GetAsync(address + "/busy", Ct);
        await vendor.StopAsync(Ct);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, calls.Count);
        Assert.True(Stopwatch.GetElapsedTime(calls[0], calls[1]) >= TimeSpan.FromMilliseconds(950), $"retried after {Stopwatch.GetElapsedTime(calls[0], calls[1]).TotalMilliseconds:0} ms");
    }
}
