using System.Diagnostics;
using System.Globalization;
using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Bench;

/// <summary>
/// Dockerfiles linted per second (parse + all rules) over the real Dockerfiles in recorded/fixtures/dockerfiles,
/// repeated; on one thread and on all cores. Args: [seconds per measurement, default 5] [--dir folder].
/// </summary>
public sealed class LintBenchmark : IBenchmark
{
    public string Name => "lint";

    public string Description => "Dockerfile linter throughput (Dockerfiles per second) on the official-image fixtures";

    public Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var dirIndex = Array.IndexOf(args, "--dir");
        var folder = dirIndex >= 0 && dirIndex + 1 < args.Length ? args[dirIndex + 1] : FixtureFolder();
        var seconds = args.Length > 0 && double.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 5;
        var files = Directory.GetFiles(folder, "*Dockerfile*").Order(StringComparer.Ordinal).Select(f => (Path: f, Text: File.ReadAllText(f))).ToArray();
        if (files.Length == 0)
        {
            output.WriteLine($"no Dockerfiles in {folder}");
            return Task.FromResult(1);
        }
        var bytes = files.Sum(f => (long)f.Text.Length);
        var linter = new DockerfileLinter();
        output.WriteLine($"lint: {files.Length} Dockerfiles ({bytes / 1024.0:F1} KiB) from {folder}, {seconds:F0} s per measurement");

        // warm-up long enough for tiered JIT to finish its optimised code even on a busy machine
        Measure(linter, files, TimeSpan.FromSeconds(Math.Max(3, seconds)), threads: Environment.ProcessorCount);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        // best of three: on a shared machine a single window can land on someone else's burst (or on the JIT's)
        var singles = Enumerable.Range(0, 3).Select(_ => Measure(linter, files, TimeSpan.FromSeconds(seconds), threads: 1)).ToArray();
        var allocatedPerFile = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)singles.Sum(m => m.Count);
        var single = singles.MaxBy(m => m.PerSecond);
        var parallel = Measure(linter, files, TimeSpan.FromSeconds(seconds), threads: Environment.ProcessorCount);
        var parseOnly = Measure(null, files, TimeSpan.FromSeconds(seconds), threads: 1);

        output.WriteLine($"  1 thread : {single.PerSecond,10:F0} Dockerfiles/s  {single.PerSecond * bytes / files.Length / 1048576:F1} MiB/s  {allocatedPerFile / 1024:F0} KiB allocated per Dockerfile");
        output.WriteLine($"  {Environment.ProcessorCount} threads: {parallel.PerSecond,10:F0} Dockerfiles/s");
        output.WriteLine($"  parse only, 1 thread: {parseOnly.PerSecond,10:F0} Dockerfiles/s");
        output.WriteLine($"  findings per pass: {files.Sum(f => linter.Lint(f.Text, f.Path).Findings.Count)}");
        return Task.FromResult(0);
    }

    /// <summary>Lints (or, without a linter, only parses) round-robin for the duration.</summary>
    private static (long Count, double PerSecond) Measure(DockerfileLinter? linter, (string Path, string Text)[] files, TimeSpan duration, int threads)
    {
        var counts = new long[threads];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            var i = thread;
            while (clock.Elapsed < duration)
            {
                var file = files[i++ % files.Length];
                var size = linter is null
                    ? DockerfileParser.Parse(file.Text, file.Path).Instructions.Count
                    : linter.Lint(file.Text, file.Path).Findings.Count;
                if (size < 0)
                {
                    throw new InvalidOperationException("unreachable: keeps the result alive");
                }
                counts[thread]++;
            }
        });
        var total = counts.Sum();
        return (total, total / clock.Elapsed.TotalSeconds);
    }

    private static string FixtureFolder()
    {
        var recorded = Environment.GetEnvironmentVariable("MAO_RECORDED");
        if (!string.IsNullOrEmpty(recorded))
        {
            return Path.Combine(recorded, "fixtures", "dockerfiles");
        }
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "recorded", "fixtures", "dockerfiles");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("recorded/fixtures/dockerfiles not found above the benchmark; set MAO_RECORDED or pass --dir");
    }
}
