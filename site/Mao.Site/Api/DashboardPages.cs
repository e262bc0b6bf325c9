using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mao.Site.Api;

/// <summary>
/// The dashboard at / and /dashboard: one HTML page, its CSS and script, embedded in this assembly (no CDN, no files on
/// disk), reading the site's own API from the browser.
/// </summary>
public static class DashboardPages
{
    private static readonly (string Route, string Resource, string ContentType)[] Pages =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/dashboard", "index.html", "text/html; charset=utf-8"),
        ("/dashboard/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
        ("/dashboard/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
    ];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (var (route, resource, contentType) in Pages)
        {
            var bytes = Read(resource);
            endpoints.MapGet(route, (HttpContext http) =>
            {
                // The page may only load what this site serves: a stray script or CDN link fails loudly in the browser.
                http.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'";
                http.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(bytes, contentType);
            });
        }
    }

    private static byte[] Read(string name)
    {
        var assembly = typeof(DashboardPages).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Mao.Site.Dashboard.{name}")
            ?? throw new InvalidOperationException($"embedded resource Mao.Site.Dashboard.{name} is missing from {assembly.GetName().Name}: check Mao.Site.csproj");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
