using Mao.Core;
using Mao.Core.Model;

namespace Mao.Federation.Registry.Documents;

/// <summary>
/// A snapshot named by its content id, with what a peer needs to decide whether it is comparable (tool, tool version,
/// period) and where to fetch it. Large data never travels in the registry or in orchestration history: only this.
/// </summary>
/// <param name="ContentId">SHA-256 of the canonical JSON lines (lower-case hex).</param>
/// <param name="Size">Size of the canonical bytes; a fetch reads no more than this.</param>
/// <param name="Site">The site that observed it (for ground truth: the publishing site's "ground-truth" snapshot).</param>
/// <param name="Period">The UTC day it observed (<see cref="Core.Model.Period"/>).</param>
public sealed record SnapshotPointer(
    string ContentId,
    long Size,
    string Tool,
    string ToolVersion,
    string Site,
    string Period,
    DateTimeOffset ObservedAt,
    IReadOnlyList<SnapshotLocation> Locations)
{
    public const int MaxLocations = 4;

    public void Validate(string where)
    {
        Check.ContentId(ContentId, "contentId", where);
        if (Size < 0)
        {
            throw new MaoFormatException(where, $"snapshot size {Size} is negative");
        }
        Identifier.Validate(Tool, "snapshot tool", where);
        Identifier.Validate(Site, "snapshot site", where);
        Check.NotBlank(ToolVersion, "toolVersion", where);
        if (ToolVersion.Length > 64 || ToolVersion.Any(char.IsControl))
        {
            throw new MaoFormatException(where, "toolVersion is longer than 64 characters or holds control characters");
        }
        Core.Model.Period.Validate(Period, where);
        if (Locations is null || Locations.Count is 0 or > MaxLocations)
        {
            throw new MaoFormatException(where, $"snapshot {ContentId} needs 1-{MaxLocations} locations to fetch it from");
        }
        foreach (var location in Locations)
        {
            // JSON can hold null in a list whatever the type says.
            if (location is null)
            {
                throw new MaoFormatException(where, $"snapshot {ContentId} has a null location");
            }
            location.Validate(where);
        }
    }
}
