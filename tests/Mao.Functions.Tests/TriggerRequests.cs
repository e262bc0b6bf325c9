using System.Text;
using System.Text.Json;
using Mao.Core.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Mao.Functions.Tests;

/// <summary>Real ASP.NET Core requests for calling HTTP trigger methods directly, and reading their JSON replies.</summary>
internal static class TriggerRequests
{
    public static HttpRequest Json<T>(T body) => Raw(JsonSerializer.Serialize(body, MaoJson.Options));

    public static HttpRequest Raw(string body, string contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    public static HttpRequest Get(string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        return context.Request;
    }

    public static int? Status(IActionResult result) => Assert.IsType<ContentResult>(result).StatusCode;

    public static JsonElement Body(IActionResult result) => JsonDocument.Parse(Assert.IsType<ContentResult>(result).Content!).RootElement.Clone();
}
