using LibGit2Sharp;

namespace Mao.Federation.Git;

/// <summary>
/// What libgit2's pack builder may hold besides the object it is writing, set in the repository's own config, which
/// the pack builder reads when it starts. libgit2's defaults are a delta window of 10 objects with no memory bound
/// (each with a delta index about its size again) and a 256 MB cache of computed deltas: 100 MB for a push of 40 MB
/// of parts (Mao.Bench git-blob-memory). libgit2 1.x reads <c>pack.deltaCacheSize</c> as its big-file threshold too
/// (objects larger are written without delta search), so both keys are set alike.
/// </summary>
internal static class PackLimits
{
    /// <summary>Merging packs: a part is deltified against its earlier versions within a window of bounded memory.</summary>
    public const long WindowMemory = 32L << 20;

    /// <summary>Also the largest object deltified: above any part (<see cref="SnapshotParts.MaxBytes"/> plus a record).</summary>
    public const long DeltaCache = 16L << 20;

    /// <summary>
    /// A push of one snapshot, or the packing of the loose objects of the last runs: a snapshot's new parts hold different records and
    /// gain little from deltas against each other (libgit2 makes none against objects it does not pack, such as
    /// yesterday's parts), so they are written whole, one at a time, with no delta search.
    /// </summary>
    public static void Whole(Repository repository) => Apply(repository, WindowMemory, deltaLimit: 1);

    /// <summary>Merging packs, or a push of several snapshots, where versions of a part meet: deltas, in a bounded window.</summary>
    public static void Deltified(Repository repository) => Apply(repository, WindowMemory, DeltaCache);

    private static void Apply(Repository repository, long windowMemory, long deltaLimit)
    {
        Set(repository, "pack.windowMemory", windowMemory);
        Set(repository, "pack.deltaCacheSize", deltaLimit);
        Set(repository, "pack.bigFileThreshold", deltaLimit);
    }

    private static void Set(Repository repository, string key, long value)
    {
        if (repository.Config.Get<long>(key, ConfigurationLevel.Local)?.Value == value)
        {
            return;
        }
        try
        {
            repository.Config.Set(key, value, ConfigurationLevel.Local);
        }
        catch (LockedFileException)
        {
            // a git process holds the config right now: this push or packing runs with the limits set before
        }
    }
}
