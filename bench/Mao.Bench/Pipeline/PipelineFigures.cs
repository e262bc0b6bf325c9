using System.Globalization;

namespace Mao.Bench.Pipeline;

/// <summary>What one <see cref="PipelineRun"/> measured, as the one line it prints and its parent parses.</summary>
public sealed record PipelineFigures(int Records, int Units, double PlanSeconds, double FetchSeconds, double KeepSeconds, long PeakWorkingSet,
    long FetchPeak, long KeepPeak, long FetchHeap, long KeepHeapPeak, double CpuSeconds, string ContentId, bool InMemory)
{
    private const string Prefix = "pipeline-figures ";

    public double TotalSeconds => PlanSeconds + FetchSeconds + KeepSeconds;

    public string Format() => Prefix + string.Join(' ', new[]
    {
        Pair("records", Records), Pair("units", Units), Pair("plan", PlanSeconds), Pair("fetch", FetchSeconds), Pair("keep", KeepSeconds),
        Pair("peak", PeakWorkingSet), Pair("fetchPeak", FetchPeak), Pair("keepPeak", KeepPeak), Pair("fetchHeap", FetchHeap), Pair("keepHeapPeak", KeepHeapPeak), Pair("cpu", CpuSeconds), $"id={ContentId}", $"inMemory={InMemory}",
    });

    public static PipelineFigures Parse(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal))
            ?? throw new FormatException($"no '{Prefix.Trim()}' line in the run's output:\n{output}");
        var pairs = line[Prefix.Length..].Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        double D(string key) => double.Parse(pairs[key], CultureInfo.InvariantCulture);
        return new PipelineFigures((int)D("records"), (int)D("units"), D("plan"), D("fetch"), D("keep"), (long)D("peak"), (long)D("fetchPeak"), (long)D("keepPeak"), (long)D("fetchHeap"), (long)D("keepHeapPeak"), D("cpu"), pairs["id"],
            bool.Parse(pairs["inMemory"]));
    }

    /// <summary>The process's peak resident set (VmHWM, Linux), in bytes.</summary>
    public static long ReadPeakWorkingSet()
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Resets VmHWM to the current resident set (Linux 4.0+: "5" to clear_refs), so a stage's own peak can be read.</summary>
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    private static string Pair(string key, double value) => string.Create(CultureInfo.InvariantCulture, $"{key}={value:0.###}");
}
