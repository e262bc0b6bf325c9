using LibGit2Sharp;

namespace Mao.Federation.Git;

/// <summary>
/// Bounds what libgit2's pack builder (push, <see cref="DatasetRepository.Pack"/>) holds besides the object it is
/// writing, through the repository's own config, which the pack builder reads when it starts. libgit2's defaults are
/// an unbounded delta window (10 objects with their delta indexes, each about the object's size again) and a 256 MB
/// cache of computed deltas. libgit2 1.x also reads <c>pack.deltaCacheSize</c> as its big-file threshold (objects
/// larger are stored without delta search), so parts (at most <see cref="SnapshotParts.MaxBytes"/>) stay below it.
/// </summary>
internal static class PackLimits
{
    public const long WindowMemory = 48L << 20;
    public const long DeltaCacheSize = 32L << 20;

    public static void Apply(Repository repository)
    {
        Set(repository, "pack.windowMemory", WindowMemory);
        Set(repository, "pack.deltaCacheSize", DeltaCacheSize);
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
            // another opener is writing the same values right now
        }
    }
}
