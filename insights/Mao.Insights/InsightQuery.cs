using System.Globalization;
using Mao.Core;
using Mao.Core.Insights;

namespace Mao.Insights;

/// <summary>
/// The query parameters the insight routes share, parsed and bounded: a day range of at most <see cref="MaxDays"/> days
/// (so no request reads more than that many snapshots), a page (limit, offset) and up to <see cref="MaxMetrics"/> metrics.
/// Bad values throw a <see cref="MaoFormatException"/> naming the parameter, which the routes answer with 400.
/// </summary>
public sealed record InsightQuery(DateOnly From, DateOnly To, int Limit, int Offset, IReadOnlyList<MetricQuery> Metrics)
{
    public const int MaxDays = 366;
    public const int DefaultDays = 90;
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int MaxMetrics = 8;

    public static InsightQuery Parse(string? from, string? to, string? limit, string? offset, IReadOnlyList<string?> metrics, DateOnly today)
    {
        var last = to is null ? today : QueryParameter.Day(to, "to");
        var first = from is null ? last.AddDays(1 - DefaultDays) : QueryParameter.Day(from, "from");
        if (first > last)
        {
            throw new MaoFormatException("query parameter from", $"{first:yyyy-MM-dd} is after to = {last:yyyy-MM-dd}");
        }
        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            throw new MaoFormatException("query parameters from/to", $"{first:yyyy-MM-dd}..{last:yyyy-MM-dd} spans more than {MaxDays} days: ask for a shorter range");
        }
        var parsed = metrics.Where(m => !string.IsNullOrEmpty(m)).Select(m => MetricQuery.Parse(m!)).ToArray();
        if (parsed.Length > MaxMetrics)
        {
            throw new MaoFormatException("query parameter metric", $"{parsed.Length} metrics given; at most {MaxMetrics}");
        }
        return new InsightQuery(first, last, QueryParameter.Number(limit, "limit", DefaultLimit, 1, MaxLimit), QueryParameter.Number(offset, "offset", 0, 0, int.MaxValue),
            parsed.Length == 0 ? [MetricQuery.Parse(MetricQuery.Records)] : parsed);
    }

    /// <summary>What the reply depends on besides the data (part of the ETag).</summary>
    public string Canonical => $"{From:yyyy-MM-dd}|{To:yyyy-MM-dd}|{Limit}|{Offset}|{string.Join(",", Metrics.Select(m => m.Text))}";
}

/// <summary>
/// A metric as a query parameter: <c>records</c> (records per day), <c>count:field=value</c> (records whose set field
/// contains the value or whose category field equals it; <c>count:field~value</c> also counts Docker platform variants,
/// arm counts arm/v7), <c>sum:field</c>, <c>mean:field</c>.
/// </summary>
public sealed record MetricQuery(string Text, SnapshotMetric Metric)
{
    public const string Records = "records";

    public static MetricQuery Parse(string text)
    {
        const string where = "query parameter metric";
        if (text.Length > 200)
        {
            throw new MaoFormatException(where, "longer than 200 characters");
        }
        if (text == Records)
        {
            return new MetricQuery(text, SnapshotMetric.CountRecords());
        }
        var colon = text.IndexOf(':');
        var kind = colon < 0 ? text : text[..colon];
        var argument = colon < 0 ? "" : text[(colon + 1)..];
        switch (kind)
        {
            case "sum" when argument.Length > 0:
                return new MetricQuery(text, SnapshotMetric.Sum(argument));
            case "mean" when argument.Length > 0:
                return new MetricQuery(text, SnapshotMetric.Mean(argument));
            case "share":
                var more = argument.IndexOf('>');
                if (more > 0 && int.TryParse(argument[(more + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var items))
                {
                    return new MetricQuery(text, SnapshotMetric.ShareWithMoreThan(argument[..more], items));
                }
                break;
            case "count":
                var split = argument.IndexOfAny(['=', '~']);
                if (split > 0 && split < argument.Length - 1)
                {
                    return new MetricQuery(text, SnapshotMetric.CountContaining(argument[..split], argument[(split + 1)..], matchVariants: argument[split] == '~'));
                }
                break;
        }
        throw new MaoFormatException(where, $"'{text}' is not a metric: use records, count:field=value, count:field~value, share:field>N, sum:field or mean:field");
    }
}
