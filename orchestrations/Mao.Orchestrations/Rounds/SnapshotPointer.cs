using Mao.Core;

namespace Mao.Orchestrations.Rounds;

/// <summary>
/// Where a snapshot lives and what it must hash to. Snapshots never travel through orchestration history:
/// only this pointer does, and whoever reads the location checks the content id.
/// </summary>
/// <param name="ContentId">SHA-256 of the snapshot's canonical form (lower-case hex).</param>
/// <param name="Location">Where to read it: an absolute file path or <c>file:</c> URI today; blob and git locations later.</param>
public sealed record SnapshotPointer(string ContentId, string Location)
{
    public const int MaxLocationLength = 2048;

    public void Validate(string where)
    {
        if (!Core.Serialization.ContentId.IsWellFormed(ContentId))
        {
            throw new MaoFormatException(where, $"content id '{Shorten(ContentId)}' is not 64 lower-case hex characters (SHA-256)");
        }
        if (string.IsNullOrWhiteSpace(Location))
        {
            throw new MaoFormatException(where, "snapshot pointer has no location");
        }
        if (Location.Length > MaxLocationLength || Location.Any(char.IsControl))
        {
            throw new MaoFormatException(where, $"snapshot location is longer than {MaxLocationLength} characters or holds control characters");
        }
    }

    private static string Shorten(string? text) => text is null ? "(null)" : text.Length > 80 ? text[..80] + "..." : text;
}
