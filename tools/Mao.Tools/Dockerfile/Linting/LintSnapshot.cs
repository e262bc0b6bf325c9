using Mao.Core;
using Mao.Core.Model;

namespace Mao.Tools.Dockerfile.Linting;

/// <summary>
/// Lint results as a snapshot of tool <c>dockerfile-lint</c>, so sites can verify each other's findings like any metric.
/// One record per finding, keyed <c>&lt;target&gt;#&lt;rule&gt;#&lt;line&gt;</c>: every field is then a fact two sites
/// linting the same file must agree on (rule and severity as categories, line as a count, message as a category).
/// A target without findings gets one record <c>&lt;target&gt;#clean#0</c>, so "linted and clean" differs from
/// "not linted" when sites compare snapshots.
/// </summary>
public static class LintSnapshot
{
    public const string ToolName = "dockerfile-lint";
    public const string CleanRule = "clean";

    public static readonly MetricSchema Schema = new("finding",
    [
        new FieldSpec("rule", FieldKind.Category, "rule id (DLxxxx, DL1000 for syntax errors), or 'clean'"),
        new FieldSpec("line", FieldKind.Count, "1-based line the finding points at; 0 for 'clean'"),
        new FieldSpec("severity", FieldKind.Category, "error, warning, info, style; 'none' for 'clean'"),
        new FieldSpec("message", FieldKind.Category, "the finding's message"),
    ]);

    public static ToolManifest Manifest(string version) =>
        new(ToolName, version, "0 0 4 * * *", Schema, "Dockerfile linter with hadolint-compatible rules (docs/dockerfile-lint.md)");

    public static Snapshot ToSnapshot(IEnumerable<LintResult> results, string site, DateTimeOffset observedAt, string toolVersion)
    {
        var header = new SnapshotHeader(ToolName, toolVersion, site, observedAt, Schema);
        header.Validate($"{ToolName} snapshot");
        var records = new Dictionary<string, SnapshotRecord>(StringComparer.Ordinal);
        foreach (var record in results.SelectMany(Records))
        {
            records.TryAdd(record.Key, record);
        }
        return new Snapshot(header, records.Values, $"{ToolName} snapshot");
    }

    /// <summary>One result's records (its findings, or the clean record): what a scheduled run keeps per Dockerfile.</summary>
    public static IReadOnlyList<SnapshotRecord> Records(LintResult result)
    {
        if (result.Target.Length == 0)
        {
            throw new MaoFormatException($"{ToolName} snapshot", "a lint result has an empty target");
        }
        var records = new Dictionary<string, SnapshotRecord>(StringComparer.Ordinal);
        if (result.Findings.Count == 0)
        {
            Add(records, result.Target, CleanRule, 0, "none", "no findings");
        }
        foreach (var finding in result.Findings)
        {
            Add(records, result.Target, finding.Rule, finding.Line, finding.Severity.ToString().ToLowerInvariant(), finding.Message);
        }
        return [.. records.Values];
    }

    public static string Key(string target, string rule, int line) => $"{target}#{rule}#{line}";

    private static void Add(Dictionary<string, SnapshotRecord> records, string target, string rule, int line, string severity, string message)
    {
        // two findings of one rule on one line (e.g. two syntax errors) are one fact for verification: keep the first
        records.TryAdd(Key(target, rule, line), new SnapshotRecord(Key(target, rule, line),
            [FieldValue.Of(rule), FieldValue.Of(line), FieldValue.Of(severity), FieldValue.Of(message)]));
    }
}
