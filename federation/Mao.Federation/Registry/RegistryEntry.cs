using Mvccpb;

namespace Mao.Federation.Registry;

/// <summary>One key as read from etcd, with the revisions compare-and-swap and watches work on.</summary>
public sealed record RegistryEntry(string Key, string Value, long CreateRevision, long ModRevision, long Version, long Lease)
{
    internal static RegistryEntry From(KeyValue kv) =>
        new(kv.Key.ToStringUtf8(), kv.Value.ToStringUtf8(), kv.CreateRevision, kv.ModRevision, kv.Version, kv.Lease);
}

/// <summary>The keys under a prefix at one revision: watch from <see cref="Revision"/> + 1 to miss nothing after.</summary>
public sealed record RegistryRange(IReadOnlyList<RegistryEntry> Entries, long Revision);

/// <summary>Outcome of a compare-and-swap: won (our value is stored at <see cref="Revision"/>) or lost to <see cref="Current"/>.</summary>
public sealed record CasResult(bool Won, long Revision, RegistryEntry? Current);
