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
            SellerHub.Carriers.CarrierException { Transient: true } e => TypedResults.Problem(statusCode: 503, title: "Service Unavailable", detail: e.Message),
            BadHttpRequestException { InnerException: JsonException json } => Unreadable(json),
            BadHttpRequestException e => TypedResults.Problem(statusCode: e.StatusCode, title: "Bad Request", detail: e.Message),
            _ => null,
        };
        if (result is null || http.Response.HasStarted) return false;
        await result.ExecuteAsync(http);
        return true;
    }

    /// <summary>A value of the wrong type is named by its field; JSON that does not parse, by where it breaks.</summary>
    private static IResult Unreadable(JsonException json)
    {
        var title = Messages.ResourceManager.GetString("ValidationTitle") ?? "Invalid input";
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.") ? path[2..] : null;
        // The serializer wraps the reader's syntax errors; a value it cannot convert comes bare.
        var errors = field is not null && json.InnerException is not JsonException
            ? new Dictionary<string, string[]> { [field] = [Messages.JsonFieldInvalid] }
            : new Dictionary<string, string[]> { ["body"] = [string.Format(Messages.JsonMalformed, (json.LineNumber ?? 0) + 1, (json.BytePositionInLine ?? 0) + 1)] };
        return TypedResults.ValidationProblem(errors, title: title);
    }
}
