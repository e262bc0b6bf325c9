using System.Collections.Concurrent;

namespace Mao.Federation.Git;

/// <summary>
/// One git writer per local dataset repository in this process: snapshots, ground truth, pushes and packing open the
/// same repository through different <c>Repository</c> objects, and libgit2 ref updates are not safe from two at once.
/// </summary>
internal static class DatasetGates
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static SemaphoreSlim For(string repositoryPath) =>
        Gates.GetOrAdd(Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryPath)), _ => new SemaphoreSlim(1, 1));
}
