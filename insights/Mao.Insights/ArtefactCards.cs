using System.Globalization;
using Mao.Core.Model;
using Mao.Orchestrations.Verification;
using Mao.Tools.Dockerfile.Linting;

namespace Mao.Insights;

/// <summary>One artefact in one day's ground truth: its values, who supported and disputed the record, and how many sites verified the day.</summary>
public sealed record ArtefactDay(string Date, string ContentId, IReadOnlyDictionary<string, object?> Values, IReadOnlyList<string> Support,
    IReadOnlyList<string> Dissent, IReadOnlyList<string> Contested, int? VerifiedBy, string? Round, string? Publisher);

public sealed record LintFinding(string Rule, long Line, string Severity, string Message);

/// <summary>The lint tool's ground-truth findings for the artefact (the newest day that linted it).</summary>
public sealed record LintView(string Tool, string Date, int Errors, IReadOnlyList<LintFinding> Findings);

public sealed record HistoryPage(int Total, int Offset, int Limit, IReadOnlyList<ArtefactDay> Days);

/// <summary>
/// GET /api/artefacts/{tool}/{*key}: what the observatory knows about one artefact. <c>Latest</c> is the newest day
/// whose ground truth holds it, <c>History</c> its days newest first (a page), <c>Lint</c> the findings of the
/// dockerfile-lint ground truth for targets named like the key, when there are any.
/// </summary>
public sealed record ArtefactCard(string Tool, string Key, string From, string To, ArtefactDay Latest, HistoryPage History, LintView? Lint);

/// <summary>Builds artefact cards from the ground truth this site holds (the same bounded reads as the series routes).</summary>
public sealed class ArtefactCards(GroundTruthDays days)
{
    public const string LintTool = LintSnapshot.ToolName;

    public Task<InsightReply> CardAsync(string tool, string key, InsightQuery query, string? ifNoneMatch, CancellationToken cancellationToken) =>
        InsightReply.GuardAsync($"artefact {tool}/{key}", async ct =>
        {
            if (key.Length is 0 or > 512)
            {
                return InsightReply.Error(400, "path segment key: give the artefact's key (1-512 characters), e.g. library/nginx");
            }
            var found = await days.ListAsync(tool, query.From, query.To, ct);
            var lintDays = tool == LintTool ? [] : await days.ListAsync(LintTool, query.From, query.To, ct);
            var etag = GroundTruthDays.ETag("artefact", $"{tool}|{key}|{query.Canonical}", found.Concat(lintDays));
            if (InsightReply.Matches(ifNoneMatch, etag))
            {
                return InsightReply.NotModified(etag);
            }
            var history = new List<ArtefactDay>();
            foreach (var day in found.Reverse())
            {
                var snapshot = await days.ReadAsync(day, ct);
                if (Find(snapshot, key) is { } record)
                {
                    history.Add(Describe(day, snapshot, record));
                }
            }
            if (history.Count == 0)
            {
                return InsightReply.Error(404, $"no ground truth of {tool} held here between {query.From:yyyy-MM-dd} and {query.To:yyyy-MM-dd} "
                    + $"({found.Count} days) has artefact '{key}'");
            }
            var page = new HistoryPage(history.Count, query.Offset, query.Limit, history.Skip(query.Offset).Take(query.Limit).ToArray());
            return new InsightReply(200, new ArtefactCard(tool, key, Day(query.From), Day(query.To), history[0], page, await LintAsync(key, lintDays, ct)),
                ETag: etag);
        }, cancellationToken);

    /// <summary>Findings keyed &lt;target&gt;#&lt;rule&gt;#&lt;line&gt; whose target is the key, from the newest lint day that has any.</summary>
    private async Task<LintView?> LintAsync(string key, IReadOnlyList<GroundTruthDay> lintDays, CancellationToken ct)
    {
        foreach (var day in lintDays.Reverse())
        {
            var snapshot = await days.ReadAsync(day, ct);
            var prefix = key + "#";
            var schema = snapshot.Schema;
            int rule = schema.IndexOf("rule"), line = schema.IndexOf("line"), severity = schema.IndexOf("severity"), message = schema.IndexOf("message");
            var records = snapshot.Records.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
            if (records.Length == 0 || rule < 0 || line < 0 || severity < 0 || message < 0)
            {
                continue;
            }
            var findings = records.Select(r => new LintFinding(Text(r.Values[rule]), r.Values[line].Kind == FieldValueKind.Number ? (long)r.Values[line].Number : 0,
                    Text(r.Values[severity]), Text(r.Values[message])))
                .Where(f => f.Rule != LintSnapshot.CleanRule)
                .OrderBy(f => f.Line).ThenBy(f => f.Rule, StringComparer.Ordinal).ToArray();
            return new LintView(LintTool, Day(day.Day), findings.Count(f => f.Severity == "error"), findings);
        }
        return null;
    }

    /// <summary>Records are sorted by key (ordinal), so a binary search finds one in a large snapshot.</summary>
    private static SnapshotRecord? Find(Snapshot snapshot, string key)
    {
        var records = snapshot.Records;
        int lo = 0, hi = records.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(records[mid].Key, key);
            if (c == 0)
            {
                return records[mid];
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return null;
    }

    private static ArtefactDay Describe(GroundTruthDay day, Snapshot snapshot, SnapshotRecord record)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        IReadOnlyList<string> support = [], dissent = [], contested = [];
        for (var i = 0; i < snapshot.Schema.Fields.Count; i++)
        {
            var name = snapshot.Schema.Fields[i].Name;
            var value = record.Values[i];
            switch (name)
            {
                case GroundTruthShape.Support: support = Set(value); break;
                case GroundTruthShape.Dissent: dissent = Set(value); break;
                case GroundTruthShape.Contested: contested = Set(value); break;
                default:
                    values[name] = value.Kind switch
                    {
                        FieldValueKind.Number => value.Number,
                        FieldValueKind.Text => value.Text,
                        FieldValueKind.Set => value.Set,
                        _ => null,
                    };
                    break;
            }
        }
        var verified = day.VerifiedSupport is not null ? day.Verified : null;
        return new ArtefactDay(Day(day.Day), day.Entry.ContentId, values, support, dissent, contested,
            day.VerifiedSupport ?? (support.Count > 0 ? support.Count : null), verified?.Round, verified?.Site);
    }

    private static IReadOnlyList<string> Set(FieldValue value) => value.Kind == FieldValueKind.Set ? value.Set : [];

    private static string Text(FieldValue value) => value.Kind == FieldValueKind.Text ? value.Text : value.ToString();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
