namespace Mao.Federation.Registry;

public enum RegistryEventKind
{
    Put,
    Delete,
}

/// <summary>A change seen by a watch (or an existing key when a watch starts with a read).</summary>
public sealed record RegistryEvent(RegistryEventKind Kind, string Key, string Value, long ModRevision, long CreateRevision, long Version);

/// <summary>The revisions a watch needed were compacted away: re-read the prefix and watch from the new revision.</summary>
public sealed class RegistryCompactedException(string prefix, long wanted, long compactedTo)
    : Exception($"etcd watch on {prefix}: events from revision {wanted} were compacted (oldest kept is {compactedTo}); re-read the prefix and watch again")
{
    public long CompactRevision { get; } = compactedTo;
}
