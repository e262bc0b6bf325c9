namespace Mao.Federation.Registry.Documents;

/// <summary>
/// Where to fetch a snapshot from: the content id always, plus a git commit on a remote and/or a blob container.
/// Large data never travels in the registry, only this pointer.
/// </summary>
public sealed record SnapshotPointer(string SnapshotId, string? GitRemote = null, string? GitCommit = null, string? BlobContainer = null)
{
    public void Validate(string where)
    {
        Check.ContentId(SnapshotId, "snapshotId", where);
        if (GitRemote is null && BlobContainer is null)
        {
            throw new Core.MaoFormatException(where, $"snapshot {SnapshotId} has neither a git remote nor a blob container to fetch it from");
        }
    }
}
