namespace Mao.Insights;

/// <summary>
/// The dashboard: one HTML page, its CSS and script, embedded in this assembly (no CDN, no files on disk), served by
/// both hosts (the site host at / and /dashboard, the Functions app at /api/dashboard); the page links its files relatively.
/// </summary>
public static class DashboardFiles
{
    /// <summary>The page may only load what the site serves: a stray script or CDN link fails loudly in the browser.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'";

    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["index.html"] = (Read("index.html"), "text/html; charset=utf-8"),
        ["dashboard.css"] = (Read("dashboard.css"), "text/css; charset=utf-8"),
        ["dashboard.js"] = (Read("dashboard.js"), "text/javascript; charset=utf-8"),
    };

    /// <summary>The file named <paramref name="name"/> (the page when empty), or null when the dashboard has no such file.</summary>
    public static (byte[] Bytes, string ContentType)? Find(string? name) =>
        Files.TryGetValue(string.IsNullOrEmpty(name) ? "index.html" : name, out var file) ? file : null;

    private static byte[] Read(string name)
    {
        var assembly = typeof(DashboardFiles).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Mao.Insights.Dashboard.{name}")
            ?? throw new InvalidOperationException($"embedded resource Mao.Insights.Dashboard.{name} is missing from {assembly.GetName().Name}: check Mao.Insights.csproj");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
