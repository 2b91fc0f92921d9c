using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Vendors;

/// <summary>
/// In front of every vendor path: records the call, and applies the admin's faults (latency,
/// rate limits, 5xx, hanging calls) in that vendor's own error dialect.
/// </summary>
public sealed class VendorPipeline(RequestDelegate next, SandboxWorld world, Recorder recorder)
{
    public static readonly (string Prefix, Vendor Vendor)[] Prefixes =
    [
        ("/shopee", Vendor.Shopee), ("/lazada", Vendor.Lazada), ("/tiktok", Vendor.TikTok),
        ("/ghn", Vendor.Ghn), ("/ghtk", Vendor.Ghtk), ("/telegram", Vendor.Telegram),
    ];

    public async Task InvokeAsync(HttpContext http)
    {
        var vendor = Prefixes.Where(p => http.Request.Path.StartsWithSegments(p.Prefix)).Select(p => (Vendor?)p.Vendor).FirstOrDefault();
        if (vendor is null)
        {
            await next(http);
            return;
        }

        http.Request.EnableBuffering(); // signatures are checked over the raw body
        var faults = world.Faults.For(vendor.Value);
        if (faults.LatencyMs > 0) await Task.Delay(faults.LatencyMs, http.RequestAborted);
        string? error = null;
        // Recorded as the answer starts, so a client that has its answer (and whatever it changed) finds the call recorded.
        var recorded = false;
        void Record()
        {
            if (recorded) return;
            recorded = true;
            recorder.Call(new RecordedCall(vendor.Value, http.Request.Method, http.Request.Path + http.Request.QueryString, http.Response.StatusCode, world.Clock.Now, error));
        }
        http.Response.OnStarting(() => { Record(); return Task.CompletedTask; });
        if (world.Faults.Roll(faults.Timeouts))
        {
            error = "timeout";
            await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted).ContinueWith(_ => { });
            http.Abort();
        }
        else if (world.Faults.Roll(faults.RateLimited))
        {
            error = "rate-limited";
            await VendorErrors.RateLimited(vendor.Value).ExecuteAsync(http);
        }
        else if (world.Faults.Roll(faults.ServerErrors))
        {
            error = "server-error";
            await VendorErrors.ServerError(vendor.Value).ExecuteAsync(http);
        }
        else
        {
            await next(http);
        }
        Record(); // an aborted answer never starts
    }
}

/// <summary>Each vendor's own rate-limit and server-error answers (choices for unverified ones are in the README).</summary>
public static class VendorErrors
{
    public static IResult RateLimited(Vendor vendor) => vendor switch
    {
        Vendor.Shopee => Results.Json(new { request_id = Id(), error = "error_busi_limit", message = "Too many requests, please try again later." }, statusCode: 429),
        Vendor.Lazada => Results.Json(new { type = "ISP", code = "ApiCallLimit", message = "Api access frequency exceeds the limit. this ban will last 1 seconds", request_id = Id() }),
        Vendor.TikTok => Results.Json(new { code = 36009002, message = "Too many requests. Please retry after a while.", request_id = Id(), data = new { } }, statusCode: 429),
        Vendor.Ghn => Results.Json(new { code = 429, message = "Too many requests", data = (object?)null, code_message = "TOO_MANY_REQUESTS" }, statusCode: 429),
        Vendor.Ghtk => Results.Json(new { success = false, message = "Too many requests", error_code = "429" }, statusCode: 429),
        _ => Results.Json(new { ok = false, error_code = 429, description = "Too Many Requests: retry after 3", parameters = new { retry_after = 3 } }, statusCode: 429),
    };

    public static IResult ServerError(Vendor vendor) => vendor switch
    {
        Vendor.Shopee => Results.Json(new { request_id = Id(), error = "error_server", message = "Something wrong. Please try later." }, statusCode: 500),
        Vendor.Lazada => Results.Json(new { type = "SYSTEM", code = "ServiceUnavailable", message = "The service is temporarily unavailable", request_id = Id() }, statusCode: 503),
        Vendor.TikTok => Results.Json(new { code = 36009003, message = "Internal error. Please try again.", request_id = Id(), data = new { } }, statusCode: 503),
        Vendor.Ghn => Results.Json(new { code = 500, message = "Hệ thống đang bận, vui lòng thử lại", data = (object?)null }, statusCode: 500),
        Vendor.Ghtk => Results.Json(new { success = false, message = "Hệ thống đang bận", error_code = "500" }, statusCode: 500),
        _ => Results.Json(new { ok = false, error_code = 502, description = "Bad Gateway" }, statusCode: 502),
    };

    public static string Id() => Guid.NewGuid().ToString("N")[..24];
}
