using System.Diagnostics;
using System.Globalization;
using Mao.Core.Verification;

namespace Mao.Bench.Verify;

/// <summary>
/// `verify`: records per second of the verification engine for 2,000 to 1,000,000 records and 3 to 21 sites
/// (10 fields: 6 performance, 2 count, 1 category, 1 set), with peak managed heap and process working set.
/// Options: --records 2000,1000000 --sites 3,21 --fields 10 --parallel-merge (merge on a second thread) --generator-only (input cost alone).
/// </summary>
public sealed class VerifyBenchmark : IBenchmark
{
    public string Name => "verify";

    public string Description => "verification engine throughput and memory (--records 2000,20000,... --sites 3,7,21 --fields 10)";

    private static bool GeneratorOnly { get; set; }

    private static bool Parallel { get; set; }

    public Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellation)
    {
        var records = Option(args, "--records", [2_000, 20_000, 200_000, 1_000_000]);
        var sites = Option(args, "--sites", [3, 7, 21]);
        var fields = Option(args, "--fields", [10])[0];
        GeneratorOnly = args.Contains("--generator-only");
        Parallel = args.Contains("--parallel-merge");
        output.WriteLine($"server GC {System.Runtime.GCSettings.IsServerGC}, merge thread {(Parallel ? "on" : "off")}, fields: 6 performance, 2 count, 1 category, 1 set (per 10)");
        output.WriteLine($"{"records",10} {"sites",5} {"fields",6} {"seconds",8} {"cpu s",6} {"records/s",12} {"site-records/s",15} {"alloc MB",9} {"peak heap MB",13} {"peak WS MB",11}");
        foreach (var recordCount in records)
        {
            var keys = Enumerable.Range(0, recordCount).Select(i => $"key{i:D9}").ToArray(); // zero-padded: ordinal order
            foreach (var siteCount in sites)
            {
                cancellation.ThrowIfCancellationRequested();
                var result = Measure(keys, siteCount, fields, cancellation);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{recordCount,10} {siteCount,5} {fields,6} {result.Seconds,8:F2} {result.CpuSeconds,6:F2} {recordCount / result.Seconds,12:N0} {recordCount * siteCount / result.Seconds,15:N0} {result.AllocatedMb,9:F1} {result.PeakHeapMb,13:F1} {result.PeakWorkingSetMb,11:F1}"));
            }
        }
        return Task.FromResult(0);
    }

    private static (double Seconds, double CpuSeconds, double AllocatedMb, double PeakHeapMb, double PeakWorkingSetMb) Measure(
        string[] keys, int siteCount, int fields, CancellationToken cancellation)
    {
        var schema = SyntheticSite.Schema(fields);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var sampler = new PeakSampler();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var sink = new CountingSink();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var truth = new TruthCache();
        var sources = Enumerable.Range(0, siteCount).Select(s => (IRecordSource)new SyntheticSite(keys, s, schema, truth)).ToList();
        if (GeneratorOnly)
        {
            // Baseline: what producing the records costs without verifying them.
            foreach (var source in sources)
            {
                while (source.MoveNext())
                {
                    sink.Touch(source.CurrentValues);
                }
            }
            watch.Stop();
            return (watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, 0, 0, 0);
        }
        var summary = new VerificationEngine { ParallelMerge = Parallel }.Run(sources, sink, cancellation: cancellation);
        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (summary.Records != keys.Length || sink.Records != summary.RecordsEmitted)
        {
            throw new InvalidOperationException($"verified {summary.Records} of {keys.Length} records, sink saw {sink.Records}");
        }
        var (heap, workingSet) = sampler.Stop();
        return (watch.Elapsed.TotalSeconds, cpu.TotalSeconds, allocated / 1048576.0, heap / 1048576.0, workingSet / 1048576.0);
    }

    private static int[] Option(string[] args, string name, int[] fallback)
    {
        var at = Array.IndexOf(args, name);
        return at < 0 || at + 1 >= args.Length
            ? fallback
            : args[at + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Consumes verdicts like a real sink would look at them, without keeping them.</summary>
    private sealed class CountingSink : IVerdictSink
    {
        public long Records { get; private set; }
        public long Contested { get; private set; }

        public void Touch(ReadOnlySpan<Mao.Core.Model.FieldValue> values) => Records += values.Length;

        public void Accept(RecordVerdict verdict)
        {
            Records++;
            if (verdict.AnyContested())
            {
                Contested++;
            }
        }
    }
}
