namespace Mao.Federation.Store;

/// <summary>A stored blob whose bytes do not hash to its id: reported, never used.</summary>
public sealed class SnapshotCorruptedException(string container, string contentId, string actualHash)
    : Exception($"blob {container}/{contentId} is corrupted: its content hashes to {actualHash}, not to its id; it was not used")
{
    public string ContentId { get; } = contentId;

    public string ActualHash { get; } = actualHash;
}

/// <summary>A write refused because it would put different content under an id (or content under the wrong id).</summary>
public sealed class SnapshotConflictException(string message) : Exception(message);

/// <summary>No snapshot with this id in the store.</summary>
public sealed class SnapshotNotFoundException(string container, string contentId)
    : Exception($"no snapshot {contentId} in blob container {container}")
{
    public string ContentId { get; } = contentId;
}
