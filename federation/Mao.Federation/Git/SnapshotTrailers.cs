using System.Globalization;
using System.Text;
using Mao.Core;
using Mao.Core.Serialization;

namespace Mao.Federation.Git;

/// <summary>
/// The git trailers a dataset commit carries, so git alone can say what each commit holds:
/// <c>Snapshot-Id</c>, <c>Tool-Version</c>, <c>Site</c>, <c>Observed-At</c>, and for ground truth <c>Period</c> and <c>Round</c>.
/// </summary>
public sealed record SnapshotTrailers(string SnapshotId, string ToolVersion, string Site, DateTimeOffset ObservedAt, string? Period = null, string? Round = null)
{
    public string Format(string subject)
    {
        var text = new StringBuilder(subject).Append("\n\n")
            .Append("Snapshot-Id: ").Append(SnapshotId).Append('\n')
            .Append("Tool-Version: ").Append(ToolVersion.ReplaceLineEndings(" ")).Append('\n')
            .Append("Site: ").Append(Site).Append('\n')
            .Append("Observed-At: ").Append(ObservedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append('\n');
        if (Period is not null)
        {
            text.Append("Period: ").Append(Period).Append('\n');
        }
        if (Round is not null)
        {
            text.Append("Round: ").Append(Round).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Reads the trailers of a commit message; null when the commit carries no snapshot (e.g. a merge).</summary>
    public static SnapshotTrailers? Parse(string message, string where)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var paragraphs = message.TrimEnd().Split("\n\n");
        foreach (var line in paragraphs[^1].Split('\n'))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                values[line[..colon]] = line[(colon + 2)..].Trim();
            }
        }
        if (!values.TryGetValue("Snapshot-Id", out var id))
        {
            return null;
        }
        if (!ContentId.IsWellFormed(id))
        {
            throw new MaoFormatException(where, $"trailer Snapshot-Id '{id}' is not a SHA-256 content id");
        }
        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new MaoFormatException(where, $"commit has Snapshot-Id but no {name} trailer");
        var observed = Required("Observed-At");
        if (!DateTimeOffset.TryParse(observed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var observedAt))
        {
            throw new MaoFormatException(where, $"trailer Observed-At '{observed}' is not a date and time");
        }
        return new SnapshotTrailers(id, Required("Tool-Version"), Required("Site"), observedAt, values.GetValueOrDefault("Period"), values.GetValueOrDefault("Round"));
    }
}
