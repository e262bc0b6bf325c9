using System.Globalization;
using Mao.Core;
using Microsoft.Extensions.Configuration;

namespace Mao.Federation.Configuration;

/// <summary>Alerts and webhooks: which series raise notifications, and where they are delivered.</summary>
public sealed partial class FederationSettings
{
    public const string AlertMetricsVariable = "MAO_ALERT_METRICS_";

    /// <summary>
    /// MAO_ALERT_METRICS_&lt;TOOL&gt; (tool upper-cased, '-' and '.' as '_'): the series alerts watch, as <c>;</c>-separated
    /// metrics of /api/series (<c>records;count:architectures=arm64</c>). A tool without it is watched on <c>records</c>.
    /// </summary>
    public IDictionary<string, IReadOnlyList<string>> AlertMetrics { get; set; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>MAO_ALERT_WINDOW: the robust-z window, in observed days before the one judged.</summary>
    public int AlertWindow { get; set; } = 21;

    /// <summary>MAO_WEBHOOKS: http(s) URLs every verified notification is POSTed to, as JSON.</summary>
    public IReadOnlyList<string> Webhooks { get; set; } = [];

    /// <summary>MAO_WEBHOOK_PASS_SECONDS: how often undelivered notifications are tried again (also on every new one).</summary>
    public TimeSpan WebhookPass { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The first retry's wait within a pass, doubled after each failed attempt.</summary>
    public TimeSpan WebhookBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per (notification, webhook) in one pass: bounded, so one dead receiver cannot hold a pass forever.</summary>
    public int WebhookAttemptsPerPass { get; set; } = 3;

    public static string AlertMetricsKey(string tool) => AlertMetricsVariable + tool.ToUpperInvariant().Replace('-', '_').Replace('.', '_');

    /// <summary>The metrics alerts watch for a tool: its setting, else <c>records</c>.</summary>
    public IReadOnlyList<string> AlertMetricsOf(string tool) =>
        AlertMetrics.TryGetValue(AlertMetricsKey(tool), out var metrics) && metrics.Count > 0 ? metrics : ["records"];

    private void ReadNotifications(IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (key.StartsWith(AlertMetricsVariable, StringComparison.Ordinal) && value is not null)
            {
                AlertMetrics[key] = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }
        if (configuration["MAO_WEBHOOKS"] is { } hooks)
        {
            Webhooks = hooks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        if (configuration["MAO_ALERT_WINDOW"] is { } window)
        {
            AlertWindow = int.TryParse(window, NumberStyles.Integer, CultureInfo.InvariantCulture, out var w)
                ? w : throw new MaoFormatException(Where, $"MAO_ALERT_WINDOW '{window}' is not a whole number");
        }
        if (configuration["MAO_WEBHOOK_PASS_SECONDS"] is { } pass)
        {
            WebhookPass = int.TryParse(pass, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p)
                ? TimeSpan.FromSeconds(p) : throw new MaoFormatException(Where, $"MAO_WEBHOOK_PASS_SECONDS '{pass}' is not a whole number");
        }
    }

    private void ValidateNotifications()
    {
        foreach (var hook in Webhooks)
        {
            // Only absolute http(s): a file: or relative URL would make the site read or post somewhere unintended.
            if (!Uri.TryCreate(hook, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new MaoFormatException(Where, $"MAO_WEBHOOKS entry '{(hook.Length > 80 ? hook[..80] + "..." : hook)}' is not an absolute http(s) URL");
            }
        }
        if (AlertWindow is < 3 or > 365)
        {
            throw new MaoFormatException(Where, $"MAO_ALERT_WINDOW {AlertWindow} is outside 3..365");
        }
        if (WebhookPass <= TimeSpan.Zero || WebhookBackoff <= TimeSpan.Zero || WebhookAttemptsPerPass is < 1 or > 20)
        {
            throw new MaoFormatException(Where, "MAO_WEBHOOK_PASS_SECONDS must be positive (and attempts per pass 1..20)");
        }
    }
}
