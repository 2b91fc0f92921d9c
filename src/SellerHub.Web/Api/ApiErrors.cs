using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using SellerHub.Common;

namespace SellerHub.Web.Api;

/// <summary>Turns business exceptions into RFC 7807 problem details (field-level for 400).</summary>
public sealed class ApiErrors : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        IResult? result = exception switch
        {
            // A refused state change is a conflict with the record as it is now, not bad input.
            BusinessRuleException { Errors.Keys: var keys } e when keys.SequenceEqual(["status"]) =>
                TypedResults.Problem(statusCode: 409, title: "Conflict", detail: e.Message, extensions: new Dictionary<string, object?> { ["errors"] = e.Errors }),
            BusinessRuleException e => TypedResults.ValidationProblem(e.Errors, title: Messages.ResourceManager.GetString("ValidationTitle") ?? "Invalid input"),
            ConflictException e => TypedResults.Problem(statusCode: 409, title: "Conflict", detail: e.Message),
            NotFoundException e => TypedResults.Problem(statusCode: 404, title: "Not Found", detail: e.Message),
            ForbiddenException e => TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: e.Message),
            BadHttpRequestException { InnerException: JsonException json } => TypedResults.Problem(statusCode: 400, title: "Malformed JSON", detail: json.Message),
            BadHttpRequestException e => TypedResults.Problem(statusCode: e.StatusCode, title: "Bad Request", detail: e.Message),
            _ => null,
        };
        if (result is null || http.Response.HasStarted) return false;
        await result.ExecuteAsync(http);
        return true;
    }
}
