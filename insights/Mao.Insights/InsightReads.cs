using System.Globalization;
using System.Text;
using Mao.Core;
using Mao.Core.Insights;
using Mao.Core.Insights.Alerts;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Orchestrations.Verification;

namespace Mao.Insights;

/// <summary>A series as GET /api/series answers it: the page of points asked for and how many there are.</summary>
public sealed record SeriesPage(string Name, int Total, int Offset, int Limit, IReadOnlyList<SeriesPoint> Points);

public sealed record SeriesReply(string Tool, string From, string To, IReadOnlyList<SeriesPage> Series);

public sealed record AlertView(string Series, string Date, double Value, double Expected, string Severity, double Score, bool Spike);

public sealed record AlertsReply(string Tool, string From, string To, string Rule, int Points, IReadOnlyList<AlertView> Alerts);

public sealed record SiteCardView(string Site, string DisplayName, string Endpoint, IReadOnlyList<string> Tools, bool Live, bool Self);

/// <summary>
/// The insight routes both hosts can serve, over the ground truth this site holds: series (JSON or CSV), charts (PNG or
/// SVG, drawn by <see cref="TrendChartRenderer"/>), robust-z alerts and the federation's live sites. Every read is
/// bounded: at most <see cref="InsightQuery.MaxDays"/> days, <see cref="InsightReply.ReadBudget"/> of time.
/// </summary>
public sealed class InsightReads(GroundTruthDays days, FederationRegistry registry, FederationSettings settings)
{
    public const int MinWidth = 200, MaxWidth = 2000, MinHeight = 150, MaxHeight = 1500;

    // Drawing is CPU-bound: two at once keep a busy dashboard from starving the API.
    private static readonly SemaphoreSlim Drawing = new(2, 2);

    /// <summary>GET /api/series/{tool}: JSON, or CSV (date, one column per metric, support) when <paramref name="csv"/>.</summary>
    public Task<InsightReply> SeriesAsync(string tool, InsightQuery query, bool csv, string? ifNoneMatch, CancellationToken cancellationToken) =>
        InsightReply.GuardAsync($"series of {tool}", async ct =>
        {
            var found = await days.ListAsync(tool, query.From, query.To, ct);
            var etag = GroundTruthDays.ETag(csv ? "series.csv" : "series", $"{tool}|{query.Canonical}", found);
            if (InsightReply.Matches(ifNoneMatch, etag))
            {
                return InsightReply.NotModified(etag);
            }
            var series = await BuildAsync(tool, found, query.Metrics, ct);
            return csv
                ? new InsightReply(200, Bytes: Csv(series, query), ContentType: "text/csv; charset=utf-8", ETag: etag)
                : new InsightReply(200, new SeriesReply(tool, Day(query.From), Day(query.To),
                    series.Select(s => new SeriesPage(s.Name, s.Count, query.Offset, query.Limit, s.Points.Skip(query.Offset).Take(query.Limit).ToArray())).ToArray()),
                    ETag: etag);
        }, cancellationToken);

    /// <summary>GET /api/charts/{tool}.png|.svg: every metric's series with its trend line.</summary>
    public Task<InsightReply> ChartAsync(string tool, ChartFormat format, InsightQuery query, string? trend, string? width, string? height, string? ifNoneMatch,
        CancellationToken cancellationToken) =>
        InsightReply.GuardAsync($"chart of {tool}", async ct =>
        {
            var method = trend switch
            {
                null or "ols" => (TrendMethod?)TrendMethod.Ols,
                "theil-sen" => TrendMethod.TheilSen,
                "none" => null,
                _ => throw new MaoFormatException("query parameter trend", $"'{trend}' is not ols, theil-sen or none"),
            };
            var w = QueryParameter.Number(width, "width", TrendChartRenderer.DefaultWidth, MinWidth, MaxWidth);
            var h = QueryParameter.Number(height, "height", TrendChartRenderer.DefaultHeight, MinHeight, MaxHeight);
            var found = await days.ListAsync(tool, query.From, query.To, ct);
            var etag = GroundTruthDays.ETag($"chart.{format}", $"{tool}|{query.Canonical}|{method}|{w}x{h}", found);
            if (InsightReply.Matches(ifNoneMatch, etag))
            {
                return InsightReply.NotModified(etag);
            }
            var series = await BuildAsync(tool, found, query.Metrics, ct);
            var chart = ChartSpec.Of($"{tool}, ground truth {Day(query.From)} to {Day(query.To)}", "value", series, method);
            await Drawing.WaitAsync(ct);
            try
            {
                var bytes = TrendChartRenderer.Render(TrendChartRenderer.Build(chart), format, w, h);
                return new InsightReply(200, Bytes: bytes, ContentType: format == ChartFormat.Png ? "image/png" : "image/svg+xml", ETag: etag);
            }
            finally
            {
                Drawing.Release();
            }
        }, cancellationToken);

    /// <summary>GET /api/alerts/{tool}: the robust-z rule (core Insights) over each metric's series, newest alert first.</summary>
    public Task<InsightReply> AlertsAsync(string tool, InsightQuery query, string? window, string? threshold, string? ifNoneMatch, CancellationToken cancellationToken) =>
        InsightReply.GuardAsync($"alerts of {tool}", async ct =>
        {
            var rule = new RobustZRule(QueryParameter.Number(window, "window", 21, 3, 365), Threshold(threshold));
            var found = await days.ListAsync(tool, query.From, query.To, ct);
            var etag = GroundTruthDays.ETag("alerts", $"{tool}|{query.Canonical}|{rule.Describe()}", found);
            if (InsightReply.Matches(ifNoneMatch, etag))
            {
                return InsightReply.NotModified(etag);
            }
            var series = await BuildAsync(tool, found, query.Metrics, ct);
            var alerts = series.SelectMany(rule.Evaluate).OrderByDescending(a => a.Date)
                .Skip(query.Offset).Take(query.Limit)
                .Select(a => new AlertView(a.Series, Day(a.Date), a.Value, a.Expected, a.Severity.ToString().ToLowerInvariant(), a.Score, a.IsSpike))
                .ToArray();
            return new InsightReply(200, new AlertsReply(tool, Day(query.From), Day(query.To), rule.Describe(), found.Count, alerts), ETag: etag);
        }, cancellationToken);

    /// <summary>
    /// GET /api/sites: the federation's sites and their liveness. A card exists only while its site keeps its lease
    /// alive (live); a site that published a signing key but has no card now is listed as gone, without card details.
    /// </summary>
    public Task<InsightReply> SitesAsync(CancellationToken cancellationToken) =>
        InsightReply.GuardAsync("sites", async ct =>
        {
            var cards = await registry.LiveSitesAsync(ct);
            var live = cards.Select(c => new SiteCardView(c.Site, c.DisplayName, c.Endpoint, c.Tools, Live: true, Self: c.Site == settings.SiteId));
            var gone = (await registry.KeyDirectory.SitesAsync(ct)).Except(cards.Select(c => c.Site), StringComparer.Ordinal)
                .Select(site => new SiteCardView(site, "", "", [], Live: false, Self: site == settings.SiteId));
            return new InsightReply(200, live.Concat(gone).OrderBy(c => c.Site, StringComparer.Ordinal).ToArray());
        }, cancellationToken);

    /// <summary>One series per metric over the days' ground truth; a point's support is the verified result's, else the records'.</summary>
    private async Task<IReadOnlyList<Series>> BuildAsync(string tool, IReadOnlyList<GroundTruthDay> found, IReadOnlyList<MetricQuery> metrics, CancellationToken ct)
    {
        var snapshots = new List<VerifiedSnapshot>(found.Count);
        foreach (var day in found)
        {
            var snapshot = await days.ReadAsync(day, ct);
            snapshots.Add(new VerifiedSnapshot(snapshot, day.VerifiedSupport ?? SupportColumn(snapshot)));
        }
        return metrics.Select(m => SnapshotSeries.Build(m.Text, snapshots, m.Metric)).ToArray();
    }

    /// <summary>The sites named in the ground truth's support column: who verified at least one record.</summary>
    public static int? SupportColumn(Snapshot snapshot)
    {
        var index = snapshot.Schema.IndexOf(GroundTruthShape.Support);
        if (index < 0)
        {
            return null;
        }
        return snapshot.Records.Select(r => r.Values[index]).Where(v => v.Kind == FieldValueKind.Set)
            .SelectMany(v => v.Set).Distinct(StringComparer.Ordinal).Count();
    }

    /// <summary>The CSV <c>mao series</c> reads back (SeriesCsv): day, a column per metric (empty = gap), support.</summary>
    private static byte[] Csv(IReadOnlyList<Series> series, InsightQuery query)
    {
        var text = new StringBuilder("date");
        foreach (var s in series)
        {
            text.Append(',').Append(Quote(s.Name));
        }
        text.Append(",support\n");
        var rows = series.SelectMany(s => s.Points.Select(p => p.Date)).Distinct().Order().Skip(query.Offset).Take(query.Limit);
        foreach (var date in rows)
        {
            text.Append(Day(date));
            int? support = null;
            foreach (var s in series)
            {
                text.Append(',');
                if (s.TryGet(date, out var point))
                {
                    text.Append(point.Value.ToString("R", CultureInfo.InvariantCulture));
                    support ??= point.Support;
                }
            }
            text.Append(',').Append(support?.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static double Threshold(string? text)
    {
        if (text is null)
        {
            return 3.5;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 100
            ? value
            : throw new MaoFormatException("query parameter threshold", $"'{text}' is not a number above 0 and at most 100");
    }

    private static string Quote(string name) => name.Contains(',') || name.Contains('"') ? $"\"{name.Replace("\"", "\"\"")}\"" : name;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
