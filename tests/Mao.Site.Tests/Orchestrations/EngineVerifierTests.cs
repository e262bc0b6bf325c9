using Mao.Core.Model;
using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Verification;
using Mao.Site.Tests.Support;

namespace Mao.Site.Tests.Orchestrations;

/// <summary>The round's verifier: the verification engine behind the IVerifier port.</summary>
public sealed class EngineVerifierTests
{
    private static VerificationInput Input(params Snapshot[] snapshots) =>
        new(TestSnapshots.Tool, "r", "site-a", snapshots.Select(s => new SiteObservation(s.Header.Site, s)).ToArray());

    [Fact]
    public void Verify_OneLyingSiteOfFour_IsOutvotedAndNamed()
    {
        var (outcome, truth) = new EngineVerifier().VerifyInMemory(Input(
            TestSnapshots.Make("site-a", ("k", 10.0, "amd64", ["x", "y"])),
            TestSnapshots.Make("site-b", ("k", 10.2, "amd64", ["x", "y"])),
            TestSnapshots.Make("site-c", ("k", 9.9, "amd64", ["x", "y"])),
            TestSnapshots.Make("site-d", ("k", 5000, "s390x", ["evil"]))));

        var record = Assert.Single(truth.Records);
        Assert.InRange(record.Values[0].Number, 9.9, 10.2);
        Assert.Equal("amd64", record.Values[1].Text);
        Assert.Equal(["x", "y"], record.Values[2].Set);
        Assert.Equal(EngineVerifier.GroundTruthSite, truth.Header.Site);
        Assert.Equal(["site-a", "site-b", "site-c"], outcome.Support);
        Assert.Equal(["site-d"], outcome.Dissent);
        Assert.Empty(outcome.Excluded);
    }

    [Fact]
    public void Verify_SameObservationsInAnyOrder_GiveTheSameGroundTruth()
    {
        var a = TestSnapshots.Make("site-a", ("k1", 1, "s390x", []), ("k2", 3, "amd64", ["p"]));
        var b = TestSnapshots.Make("site-b", ("k1", 1.1, "amd64", []), ("k2", 3, "amd64", ["p"]));
        var c = TestSnapshots.Make("site-c", ("k1", 0.9, "amd64", []));

        var (forward, forwardTruth) = new EngineVerifier().VerifyInMemory(Input(a, b, c));
        var (backward, backwardTruth) = new EngineVerifier().VerifyInMemory(Input(c, b, a));

        Assert.Equal(forwardTruth.ContentId, backwardTruth.ContentId);
        Assert.Equal(forward.Support, backward.Support);
        Assert.Equal("amd64", forwardTruth.Records[0].Values[1].Text);
    }

    [Fact]
    public void Verify_KeysHeldBySomeSites_AreKeptWithTheirSupport()
    {
        var (outcome, truth) = new EngineVerifier().VerifyInMemory(Input(
            TestSnapshots.Make("site-a", ("k1", 1, "amd64", []), ("k2", 1, "amd64", [])),
            TestSnapshots.Make("site-b", ("k1", 1, "amd64", []), ("k2", 1, "amd64", [])),
            TestSnapshots.Make("site-c", ("k3", 1, "amd64", []))));

        Assert.Equal(["k1", "k2", "k3"], truth.Records.Select(r => r.Key));
    }

    [Fact]
    public void Verify_SiteWithAnotherSchema_IsExcludedWithTheReason()
    {
        var other = new Snapshot(new SnapshotHeader(TestSnapshots.Tool, "1.0", "site-b", DateTimeOffset.UnixEpoch,
            new MetricSchema("artifact", [new FieldSpec("latency", FieldKind.Performance)])), [new SnapshotRecord("k", [FieldValue.Of(99)])]);

        var (outcome, truth) = new EngineVerifier().VerifyInMemory(Input(TestSnapshots.Make("site-a", ("k", 1, "amd64", [])), other));

        Assert.Equal(["site-b: schema differs from the announcer's"], outcome.Excluded);
        Assert.Equal(1.0, truth.Records[0].Values[0].Number);
    }

    [Fact]
    public void Verify_AnnouncerWithoutObservation_IsAnError()
    {
        var error = Assert.Throws<ArgumentException>(() => new EngineVerifier().VerifyInMemory(
            new VerificationInput(TestSnapshots.Tool, "r", "site-z", [new SiteObservation("site-a", TestSnapshots.Make("site-a", ("k", 1, "amd64", [])))])));

        Assert.Contains("site-z", error.Message, StringComparison.Ordinal);
    }
}
