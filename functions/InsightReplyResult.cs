using Mao.Insights;
using Mao.Orchestrations.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Mao.Functions;

/// <summary>How insight triggers write an <see cref="InsightReply"/>: as the site host does (ETag, 304, bytes or JSON).</summary>
internal static class InsightReplyResult
{
    public static IActionResult ToActionResult(this InsightReply reply, HttpRequest request)
    {
        InsightRequests.ApplyHeaders(request.HttpContext.Response, reply);
        return reply switch
        {
            { StatusCode: 304 } => new StatusCodeResult(304),
            { Bytes: { } bytes } => new FileContentResult(bytes, reply.ContentType ?? "application/octet-stream"),
            _ => new ContentResult
            {
                StatusCode = reply.StatusCode,
                ContentType = "application/json",
                Content = System.Text.Json.JsonSerializer.Serialize(reply.Json, ApiJson.Options),
            },
        };
    }
}
