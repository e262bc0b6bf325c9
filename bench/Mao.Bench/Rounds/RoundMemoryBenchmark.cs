using System.Globalization;
using Mao.Testing;

namespace Mao.Bench.Rounds;

/// <summary>
/// A round's data path (fetch two peers' snapshots, verify three sites, publish the ground truth) at growing sizes, each
/// size in a fresh <see cref="RoundRun"/> process: seconds per stage and peak working set. Azurite and etcd are started
/// here. Args: [sizes...] (default 10000 100000) [--compare] (also the in-memory verify of before) [--push] (the ground
/// truth pushed to a git remote on local disk, as a site with a remote does; without it, committed only).
/// </summary>
public sealed class RoundMemoryBenchmark : IBenchmark
{
    private const int Sites = 3;

    public string Name => "round-memory";

    public string Description => "consensus round's data path (fetch, verify, publish) over 3 sites: seconds and peak working set per size";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var compare = args.Contains("--compare");
        var push = args.Contains("--push");
        var sizes = BenchStack.Sizes(args, 10_000, 100_000);
        await using var stack = await BenchStack.StartAsync(new EtcdFixture());
        using var root = new TempFolder("mao-bench-round");
        output.WriteLine($"{Sites} sites, 5 fields (2 performance, count, category, set), 1 % of records missing per site, site-c lying on 5 %; Azurite, etcd, git on local disk{(push ? ", ground truth pushed" : ", ground truth committed, not pushed")}");
        output.WriteLine("| records per site | verify | snapshot MB | ground truth MB | fetch s (2 peers) | verify s | publish s | verify records/s | CPU s (verify) | peak working set (fetch / verify / publish) | managed heap peak in verify |");
        output.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            foreach (var inMemory in compare ? new[] { false, true } : [false])
            {
                var f = await RoundFigures.RunAsync(stack.Azurite.ConnectionString, stack.Etcd.Endpoints, root.Combine($"{size}-{inMemory}"), size, Sites, inMemory, push, cancellationToken);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {f.Records:N0} | {(inMemory ? "in memory (before)" : "streamed")} | {f.SnapshotBytes / 1048576.0:0.0} | {f.GroundTruthBytes / 1048576.0:0.0} | {f.FetchSeconds:0.0} | {f.VerifySeconds:0.0} | {f.PublishSeconds:0.0} | {f.Records / f.VerifySeconds:N0} | {f.CpuSeconds:0.0} ({f.VerifyCpuSeconds:0.0}) | {f.PeakWorkingSet / 1048576.0:0} MB ({f.FetchPeak / 1048576.0:0} / {f.VerifyPeak / 1048576.0:0} / {f.PublishPeak / 1048576.0:0}) | {f.VerifyHeapPeak / 1048576.0:0} MB |"));
                output.WriteLine($"  ground truth {f.GroundTruthId} ({f.GroundTruthRecords:N0} records)");
            }
        }
        return 0;
    }
}
