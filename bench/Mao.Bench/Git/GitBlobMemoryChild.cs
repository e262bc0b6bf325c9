using System.Diagnostics;
using System.Globalization;

namespace Mao.Bench.Git;

/// <summary>Runs <see cref="GitBlobMemoryBenchmark"/> for one size in a process of its own and reads its table: step → peak MB over the step's start.</summary>
public static class GitBlobMemoryChild
{
    public static async Task<IReadOnlyDictionary<string, int>> RunAsync(int megabytes, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Mao.Bench.dll"), "git-blob-memory", megabytes.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git-blob-memory {megabytes} exited with {process.ExitCode}:\n{output}\n{await stderr}");
        }
        // Rows: | MB | step | N MB | id |
        return output.Split('\n')
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Where(c => c.Length == 6 && c[1] == megabytes.ToString(CultureInfo.InvariantCulture) && c[3].EndsWith(" MB", StringComparison.Ordinal))
            .ToDictionary(c => c[2], c => int.Parse(c[3][..^3], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }
}
