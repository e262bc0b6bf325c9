using Mao.Core.Model;
using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Verification;
using Mao.Site.Tests.Support;

namespace Mao.Site.Tests.Orchestrations;

public sealed class SimpleVerifierTests
{
    private static VerificationInput Input(params Snapshot[] snapshots) =>
        new(TestSnapshots.Tool, "r", "site-a", snapshots.Select(s => new SiteObservation(s.Header.Site, s)).ToArray());

    [Fact]
    public void Verify_ThreeSites_MeansPerformanceAndVotesCategories()
    {
        var outcome = new SimpleVerifier().Verify(Input(
            TestSnapshots.Make("site-a", ("k", 1, "amd64", ["x"])),
            TestSnapshots.Make("site-b", ("k", 2, "amd64", ["x", "y"])),
            TestSnapshots.Make("site-c", ("k", 6, "arm64", ["x", "y"]))));

        var record = Assert.Single(outcome.GroundTruth.Records);
        Assert.Equal(3.0, record.Values[0].Number);
        Assert.Equal("amd64", record.Values[1].Text);
        Assert.Equal(["x", "y"], record.Values[2].Set);
        Assert.Equal(SimpleVerifier.GroundTruthSite, outcome.GroundTruth.Header.Site);
    }

    [Fact]
    public void Verify_TieBetweenValues_GoesToTheOrdinallySmallestWhateverTheOrder()
    {
        var a = TestSnapshots.Make("site-a", ("k", 1, "s390x", []));
        var b = TestSnapshots.Make("site-b", ("k", 1, "amd64", []));

        var forward = new SimpleVerifier().Verify(Input(a, b));
        var backward = new SimpleVerifier().Verify(Input(b, a));

        Assert.Equal("amd64", forward.GroundTruth.Records[0].Values[1].Text);
        Assert.Equal(forward.GroundTruth.ContentId, backward.GroundTruth.ContentId);
    }

    [Fact]
    public void Verify_KeysHeldBySomeSites_AreAllKeptAndMissingKeysCountAgainstSupport()
    {
        var outcome = new SimpleVerifier().Verify(Input(
            TestSnapshots.Make("site-a", ("k1", 1, "amd64", []), ("k2", 1, "amd64", []), ("k3", 1, "amd64", [])),
            TestSnapshots.Make("site-b", ("k1", 1, "amd64", []), ("k2", 1, "amd64", []), ("k3", 1, "amd64", [])),
            TestSnapshots.Make("site-c", ("k4", 1, "amd64", []))));

        Assert.Equal(["k1", "k2", "k3", "k4"], outcome.GroundTruth.Records.Select(r => r.Key));
        Assert.Equal(["site-a", "site-b"], outcome.Support);
    }

    [Fact]
    public void Verify_SiteWithAnotherSchema_IsExcludedWithTheReason()
    {
        var other = new Snapshot(new SnapshotHeader(TestSnapshots.Tool, "1.0", "site-b", DateTimeOffset.UnixEpoch,
            new MetricSchema("artifact", [new FieldSpec("latency", FieldKind.Performance)])), [new SnapshotRecord("k", [FieldValue.Of(99)])]);

        var outcome = new SimpleVerifier().Verify(Input(TestSnapshots.Make("site-a", ("k", 1, "amd64", [])), other));

        Assert.Equal(["site-b: schema differs from the announcer's"], outcome.Excluded);
        Assert.Equal(1.0, outcome.GroundTruth.Records[0].Values[0].Number);
    }
}
