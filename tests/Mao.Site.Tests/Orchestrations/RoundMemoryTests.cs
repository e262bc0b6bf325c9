using Mao.Bench.Rounds;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Xunit.Abstractions;

namespace Mao.Site.Tests.Orchestrations;

/// <summary>
/// A round over three sites' snapshots of 200,000 records each (two peers' snapshots fetched into the store and checked,
/// the three verified with the ground truth streamed to blob, the ground truth committed and published) keeps its
/// process's memory flat: its peak working set (VmHWM) is compared with a round over 20,000 records. The rounds are
/// `Mao.Bench round-run` processes of their own, so the figure is the round's alone (snapshots are generated and stored
/// by this process; Azurite and etcd run elsewhere). The git push is left out (a site without a remote): libgit2's pack
/// builder holds the pushed blob whole, a known limit measured by `bench git-blob-memory`.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class RoundMemoryTests(AzuriteFixture azurite, EtcdFixture etcd, ITestOutputHelper output) : IDisposable
{
    /// <summary>The 200k round's peak may exceed the 20k round's by this factor at most.</summary>
    private const double MaxPeakRatio = 1.5;

    private readonly TempFolder _folder = new("mao-round-memory");

    [Fact]
    public async Task Round_3Sites200kRecords_PeakWorkingSetStaysNearThe20kRound()
    {
        using var timeout = TestSites.Timeout(1500);
        var ct = timeout.Token;

        var small = await RoundFigures.RunAsync(azurite.ConnectionString, etcd.Endpoints, _folder.Combine("20k"), 20_000, 3, inMemory: false, push: false, ct);
        var large = await RoundFigures.RunAsync(azurite.ConnectionString, etcd.Endpoints, _folder.Combine("200k"), 200_000, 3, inMemory: false, push: false, ct);

        var ratio = (double)large.PeakWorkingSet / small.PeakWorkingSet;
        foreach (var f in new[] { small, large })
        {
            output.WriteLine($"{f.Records:N0} records x {f.Sites} sites ({f.SnapshotBytes / 1048576.0:0.0} MB each, ground truth {f.GroundTruthBytes / 1048576.0:0.0} MB): " +
                             $"fetch {f.FetchSeconds:0.0} s, verify {f.VerifySeconds:0.0} s, publish {f.PublishSeconds:0.0} s, peak working set {f.PeakWorkingSet / 1048576.0:0} MB " +
                             $"(fetch {f.FetchPeak / 1048576.0:0}, verify {f.VerifyPeak / 1048576.0:0}, publish {f.PublishPeak / 1048576.0:0}; managed heap peak in verify {f.VerifyHeapPeak / 1048576.0:0} MB)");
        }
        output.WriteLine($"peak ratio 200k / 20k: {ratio:0.00} (bound {MaxPeakRatio})");
        // Each site misses about 1 % of the records, but hardly any record is missed by all three.
        Assert.InRange(small.GroundTruthRecords, 19_900, 20_000);
        Assert.InRange(large.GroundTruthRecords, 199_000, 200_000);
        Assert.True(ratio <= MaxPeakRatio,
            $"peak working set {large.PeakWorkingSet / 1048576} MB at 200,000 records vs {small.PeakWorkingSet / 1048576} MB at 20,000 (ratio {ratio:0.00} > {MaxPeakRatio}): memory grows with the round");
    }

    public void Dispose() => _folder.Dispose();
}
