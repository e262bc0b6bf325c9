using System.Globalization;
using Mao.Testing;
using Mao.Testing.Replay;

namespace Mao.Bench.Pipeline;

/// <summary>
/// Records per second end to end (replay → unit checkpoints → sorted, stored, indexed, committed and pushed) and the
/// run's peak working set, for dockerhub-tags over a synthetic Hub of 100 tags per repository on a local replay server,
/// Azurite and etcd. Each size runs in a fresh <see cref="PipelineRun"/> process. Args: [sizes...] (default 10000 100000)
/// [--compare] (also the in-memory keep of before, for the memory column) [--no-push] (also a run that commits to git but
/// does not push, to show the push's share of the peak).
/// </summary>
public sealed class PipelineBenchmark : IBenchmark
{
    private const int TagsPerRepository = 100;

    public string Name => "pipeline";

    public string Description => "tool run end to end: records/s (replay -> stored, indexed, committed, pushed) and peak working set per size";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var compare = args.Contains("--compare");
        var gitShare = args.Contains("--no-push");
        var sizes = BenchStack.Sizes(args, 10_000, 100_000);
        await using var stack = await BenchStack.StartAsync(new EtcdFixture());
        using var root = new TempFolder("mao-bench-pipeline");
        output.WriteLine("dockerhub-tags, 100 tags per repository (names generated, platforms from recorded indexes), unit = one Hub page of 100 tags, 8 units at a time; Azurite, etcd, git remote on local disk");
        output.WriteLine("| tags | keep | units | plan s | fetch s | keep s | total s | records/s | CPU s | peak working set (plan + fetch / keep) | heap kept after fetch | managed heap peak in keep |");
        output.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            var world = SyntheticHub.Build("library", Math.Max(1, size / TagsPerRepository), TagsPerRepository);
            await using var server = await ReplayServer.StartAsync(cancellationToken);
            DockerHubReplay.Mount(server, world);
            var modes = new List<(bool InMemory, bool Push)> { (false, true) };
            if (compare)
            {
                modes.Add((true, true));
            }
            if (gitShare)
            {
                modes.Add((false, false));
            }
            foreach (var (inMemory, push) in modes)
            {
                var data = root.Combine($"{size}-{(inMemory ? "memory" : "stream")}-{(push ? "push" : "local")}");
                var f = await PipelineChild.RunAsync(server.BaseUrl, stack.Azurite.ConnectionString, stack.Etcd.Endpoints, data, world.TagCount, inMemory, cancellationToken, push);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {f.Records:N0} | {(inMemory ? "in memory (before)" : "streamed")}{(push ? "" : ", not pushed")} | {f.Units:N0} | {f.PlanSeconds:0.0} | {f.FetchSeconds:0.0} | {f.KeepSeconds:0.0} | {f.TotalSeconds:0.0} | {f.Records / f.TotalSeconds:N0} | {f.CpuSeconds:0.0} | {f.PeakWorkingSet / 1048576.0:0} MB ({f.FetchPeak / 1048576.0:0} / {f.KeepPeak / 1048576.0:0}) | {f.FetchHeap / 1048576.0:0.0} MB | {f.KeepHeapPeak / 1048576.0:0} MB |"));
            }
        }
        return 0;
    }
}
