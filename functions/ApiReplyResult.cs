using Mao.Orchestrations.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Mao.Functions;

/// <summary>The one way HTTP triggers turn a shared operation's reply into a response: JSON with the reply's status.</summary>
internal static class ApiReplyResult
{
    public static ContentResult ToActionResult(this ApiReply reply) => new()
    {
        StatusCode = reply.StatusCode,
        ContentType = "application/json",
        Content = System.Text.Json.JsonSerializer.Serialize(reply.Body, reply.Body.GetType(), ApiJson.Options),
    };

    /// <summary>As <see cref="ToActionResult(ApiReply)"/>, with Retry-After on a 503 (a dependency down), as the site host sends it.</summary>
    public static ContentResult ToActionResult(this ApiReply reply, HttpRequest request)
    {
        if (reply.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            request.HttpContext.Response.Headers.RetryAfter = DependencyCheck.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return reply.ToActionResult();
    }
}
