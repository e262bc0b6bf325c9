using Mao.Bench.Pipeline;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Xunit.Abstractions;

namespace Mao.Site.Tests.Pipeline;

/// <summary>
/// A dockerhub-tags run over 200,000 tags (replay → unit checkpoints → external sort → canonical form streamed to blob,
/// indexed, committed and pushed) keeps its process's memory flat: its peak working set (VmHWM) is compared with a run
/// over 20,000 tags. The runs are `Mao.Bench pipeline-run` processes of their own, so the figure is the pipeline's alone
/// (the replay server, Azurite and etcd run elsewhere). Measured on a loaded 2-core machine: streamed 185-211 MB at
/// 20k and 217-268 MB at 200k (ratio 1.17-1.50); the in-memory keep of before (`pipeline --compare`) went from 177 MB to
/// 589 MB (ratio 3.3), far beyond the bound.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class PipelineMemoryTests(AzuriteFixture azurite, EtcdFixture etcd, ITestOutputHelper output) : IDisposable
{
    /// <summary>The 200k run's peak may exceed the 20k run's by this factor at most.</summary>
    private const double MaxPeakRatio = 1.8;

    private readonly TempFolder _folder = new("mao-pipeline-memory");

    [Fact]
    public async Task DockerHubRun_200kTags_PeakWorkingSetStaysNearThe20kRun()
    {
        using var timeout = TestSites.Timeout(1500);
        var ct = timeout.Token;

        var small = await RunAsync(20_000, ct);
        var large = await RunAsync(200_000, ct);

        var ratio = (double)large.PeakWorkingSet / small.PeakWorkingSet;
        foreach (var f in new[] { small, large })
        {
            output.WriteLine($"{f.Records:N0} tags, {f.Units:N0} units: plan {f.PlanSeconds:0.0} s, fetch {f.FetchSeconds:0.0} s, keep {f.KeepSeconds:0.0} s, " +
                             $"{f.Records / f.TotalSeconds:N0} records/s, peak working set {f.PeakWorkingSet / 1048576.0:0} MB (plan + fetch {f.FetchPeak / 1048576.0:0} MB, keep {f.KeepPeak / 1048576.0:0} MB, managed heap peak in keep {f.KeepHeapPeak / 1048576.0:0} MB)");
        }
        output.WriteLine($"peak ratio 200k / 20k: {ratio:0.00} (bound {MaxPeakRatio})");
        Assert.Equal(20_000, small.Records);
        Assert.Equal(200_000, large.Records);
        Assert.True(ratio <= MaxPeakRatio,
            $"peak working set {large.PeakWorkingSet / 1048576} MB at 200,000 tags vs {small.PeakWorkingSet / 1048576} MB at 20,000 (ratio {ratio:0.00} > {MaxPeakRatio}): memory grows with the crawl");
    }

    private async Task<PipelineFigures> RunAsync(int tags, CancellationToken ct)
    {
        var world = SyntheticHub.Build("library", tags / 100, 100);
        await using var server = await ReplayServer.StartAsync(ct);
        DockerHubReplay.Mount(server, world);
        return await PipelineChild.RunAsync(server.BaseUrl, azurite.ConnectionString, etcd.Endpoints, _folder.Combine($"run-{tags}"), tags, inMemory: false, ct);
    }

    public void Dispose() => _folder.Dispose();
}
