using Mao.Insights;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mao.Site.Api;

/// <summary>The dashboard (<see cref="DashboardFiles"/>) at / and /dashboard, reading the site's own API from the browser.</summary>
public static class DashboardPages
{
    private static readonly (string Route, string File)[] Pages =
    [
        ("/", "index.html"),
        ("/dashboard", "index.html"),
        ("/dashboard/dashboard.css", "dashboard.css"),
        ("/dashboard/dashboard.js", "dashboard.js"),
    ];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (var (route, file) in Pages)
        {
            var (bytes, contentType) = DashboardFiles.Find(file)!.Value;
            endpoints.MapGet(route, (HttpContext http) =>
            {
                http.Response.Headers["Content-Security-Policy"] = DashboardFiles.ContentSecurityPolicy;
                http.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(bytes, contentType);
            });
        }
    }
}
