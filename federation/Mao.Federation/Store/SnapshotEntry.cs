using System.Globalization;
using Mao.Core.Model;

namespace Mao.Federation.Store;

/// <summary>What the store knows about a snapshot without reading it: kept in blob metadata and in the table index.</summary>
public sealed record SnapshotEntry(
    string ContentId,
    string Tool,
    string ToolVersion,
    string Site,
    DateTimeOffset ObservedAt,
    string Format,
    long RecordCount,
    long Size)
{
    public static SnapshotEntry Of(SnapshotHeader header, string contentId, long recordCount, long size) =>
        new(contentId, header.Tool, header.ToolVersion, header.Site, header.ObservedAt.ToUniversalTime(), header.Format, recordCount, size);

    /// <summary>Blob metadata names must be C# identifiers; values are ASCII (tool versions are escaped).</summary>
    public IDictionary<string, string> ToMetadata() => new Dictionary<string, string>
    {
        ["contentid"] = ContentId,
        ["tool"] = Tool,
        ["toolversion"] = Uri.EscapeDataString(ToolVersion),
        ["site"] = Site,
        ["observedat"] = ObservedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["format"] = Format,
        ["records"] = RecordCount.ToString(CultureInfo.InvariantCulture),
        ["size"] = Size.ToString(CultureInfo.InvariantCulture),
    };

    public static SnapshotEntry FromMetadata(IDictionary<string, string> metadata, string where)
    {
        string Get(string name) => metadata.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new Core.MaoFormatException(where, $"blob metadata has no '{name}'");
        return new SnapshotEntry(
            Get("contentid"),
            Get("tool"),
            Uri.UnescapeDataString(Get("toolversion")),
            Get("site"),
            DateTimeOffset.Parse(Get("observedat"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Get("format"),
            long.Parse(Get("records"), CultureInfo.InvariantCulture),
            long.Parse(Get("size"), CultureInfo.InvariantCulture));
    }
}
