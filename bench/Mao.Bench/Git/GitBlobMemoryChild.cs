using System.Globalization;

namespace Mao.Bench.Git;

/// <summary>Runs <see cref="GitBlobMemoryBenchmark"/> for one size in a process of its own and reads its table: step → peak MB over the step's start.</summary>
public static class GitBlobMemoryChild
{
    public static async Task<IReadOnlyDictionary<string, int>> RunAsync(int megabytes, CancellationToken cancellationToken)
    {
        var output = await BenchProcess.RunAsync(["git-blob-memory", megabytes.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        // Rows: | MB | step | N MB | id |
        return output.Split('\n')
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Where(c => c.Length == 6 && c[1] == megabytes.ToString(CultureInfo.InvariantCulture) && c[3].EndsWith(" MB", StringComparison.Ordinal))
            .ToDictionary(c => c[2], c => int.Parse(c[3][..^3], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }
}
