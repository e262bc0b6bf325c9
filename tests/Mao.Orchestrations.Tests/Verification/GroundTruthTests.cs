using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Verification;

namespace Mao.Orchestrations.Tests.Verification;

/// <summary>
/// The ground truth a round publishes: voted values, numeric statistics of the values behind them, and per record the
/// sites that support and dissent. Three sites; site-c lies on k1 (pulls, tags) and k3 (publisher) only.
/// </summary>
public sealed class GroundTruthTests
{
    private const string Tool = "dockerhub-arch";

    private static readonly MetricSchema Schema = new("image",
    [
        new FieldSpec("pulls", FieldKind.Performance),
        new FieldSpec("tags", FieldKind.Count),
        new FieldSpec("publisher", FieldKind.Category),
        new FieldSpec("architectures", FieldKind.Set),
    ]);

    // (key, pulls, tags, publisher) per site; architectures always agree.
    private static readonly (string Key, double Pulls, double Tags, string Publisher)[] SiteA =
        [("k0", 100, 5, "p"), ("k1", 200, 5, "p"), ("k2", 300, 9, "q"), ("k3", 400, 2, "r")];
    private static readonly (string Key, double Pulls, double Tags, string Publisher)[] SiteB =
        [("k0", 102, 5, "p"), ("k1", 204, 5, "p"), ("k2", 306, 9, "q"), ("k3", 404, 2, "r")];
    private static readonly (string Key, double Pulls, double Tags, string Publisher)[] SiteC =
        [("k0", 101, 5, "p"), ("k1", 9000, 7, "p"), ("k2", 303, 9, "q"), ("k3", 402, 2, "evil")];

    private static Snapshot Make(string site, (string Key, double Pulls, double Tags, string Publisher)[] rows, int hour = 0) =>
        new(new SnapshotHeader(Tool, "1.0.0", site, new DateTimeOffset(2026, 11, 1, hour, 0, 0, TimeSpan.Zero), Schema),
            rows.Select(r => new SnapshotRecord(r.Key,
                [FieldValue.Of(r.Pulls), FieldValue.Of(r.Tags), FieldValue.Of(r.Publisher), FieldValue.OfSet(["amd64", "arm64"])])));

    private static (VerificationOutcome Outcome, Snapshot GroundTruth) Verify(params Snapshot[] snapshots) => new EngineVerifier().VerifyInMemory(
        new VerificationInput(Tool, "round-1", "site-a", snapshots.Select(s => new SiteObservation(s.Header.Site, s)).ToArray()));

    private static (VerificationOutcome Outcome, Snapshot GroundTruth) VerifyAll() => Verify(Make("site-a", SiteA), Make("site-b", SiteB, hour: 2), Make("site-c", SiteC, hour: 1));

    private static FieldValue Column(Snapshot truth, string key, string field) =>
        truth.Records.Single(r => r.Key == key).Values[truth.Schema.IndexOf(field)];

    [Fact]
    public void Dissent_NamesTheLiar_OnlyOnTheRecordsItLiedAbout()
    {
        var truth = VerifyAll().GroundTruth;

        foreach (var key in new[] { "k0", "k2" })
        {
            Assert.Equal(["site-a", "site-b", "site-c"], Column(truth, key, GroundTruthShape.Support).Set);
            Assert.Empty(Column(truth, key, GroundTruthShape.Dissent).Set);
        }
        foreach (var key in new[] { "k1", "k3" })
        {
            Assert.Equal(["site-a", "site-b"], Column(truth, key, GroundTruthShape.Support).Set);
            Assert.Equal(["site-c"], Column(truth, key, GroundTruthShape.Dissent).Set);
        }
        Assert.Equal("p", Column(truth, "k1", "publisher").Text);
        Assert.Equal("r", Column(truth, "k3", "publisher").Text);
    }

    [Fact]
    public void NumericFields_CarryMeanMinMaxMedian_OfTheValuesBehindTheGroundTruth()
    {
        var truth = VerifyAll().GroundTruth;

        // Independently: the liar's value on k1 is left out, every other value is kept.
        foreach (var key in new[] { "k0", "k1", "k2", "k3" })
        {
            var honest = new[] { SiteA, SiteB, SiteC }.Select(site => site.Single(r => r.Key == key))
                .Where(r => !(key == "k1" && r.Pulls == 9000)).Select(r => r.Pulls).ToArray();
            AssertStats(truth, key, "pulls", honest);
            Assert.Equal(honest.Average(), Column(truth, key, "pulls").Number, 9);
        }
        AssertStats(truth, "k1", "tags", [5, 5]);
        AssertStats(truth, "k2", "tags", [9, 9, 9]);
        Assert.Equal(5, Column(truth, "k1", "tags").Number);
    }

    [Fact]
    public void ValuesKeepTheToolSchemaPositions_AndCategoriesGetNoStatistics()
    {
        var truth = VerifyAll().GroundTruth;

        Assert.Equal(EngineVerifier.GroundTruthSite, truth.Header.Site);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.Zero), truth.Header.ObservedAt);
        Assert.Equal(Schema.Fields.Select(f => f.Name), truth.Schema.Fields.Take(Schema.Fields.Count).Select(f => f.Name));
        Assert.Equal(
            ["pulls.mean", "pulls.min", "pulls.max", "pulls.median", "tags.mean", "tags.min", "tags.max", "tags.median", "support", "dissent", "contested"],
            truth.Schema.Fields.Skip(Schema.Fields.Count).Select(f => f.Name));
        Assert.Equal(["amd64", "arm64"], truth.Records[0].Values[3].Set);
    }

    [Fact]
    public void SameObservations_InAnyOrder_GiveTheSameBytesAndContentId()
    {
        var forward = VerifyAll().GroundTruth;
        var backward = Verify(Make("site-c", SiteC, hour: 1), Make("site-b", SiteB, hour: 2), Make("site-a", SiteA)).GroundTruth;

        Assert.Equal(Canonical(forward), Canonical(backward));
        Assert.Equal(forward.ContentId, backward.ContentId);
        Assert.Equal(ContentId.Of(forward), backward.ContentId);
    }

    [Fact]
    public void OutcomeLists_NameTheSitesOverall()
    {
        var outcome = VerifyAll().Outcome;

        Assert.Equal(["site-a", "site-b", "site-c"], outcome.Support); // site-c agreed on most values
        Assert.Empty(outcome.Dissent);
        Assert.Empty(outcome.Excluded);
    }

    [Fact]
    public void ToolFieldNamedLikeAnAddedColumn_IsAClearError()
    {
        var clash = new MetricSchema("image", [new FieldSpec("support", FieldKind.Category)]);

        var error = Assert.Throws<Core.MaoFormatException>(() => GroundTruthShape.SchemaOf(clash));

        Assert.Contains("support", error.Message, StringComparison.Ordinal);
    }

    private static void AssertStats(Snapshot truth, string key, string field, double[] values)
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        Assert.Equal(values.Average(), Column(truth, key, field + ".mean").Number, 9);
        Assert.Equal(sorted[0], Column(truth, key, field + ".min").Number);
        Assert.Equal(sorted[^1], Column(truth, key, field + ".max").Number);
        Assert.Equal(median, Column(truth, key, field + ".median").Number, 9);
    }

    private static byte[] Canonical(Snapshot snapshot) => SnapshotJsonLines.ToBytes(snapshot);

    [Fact]
    public void TwoSitesDisagreeing_TheFieldIsContested_AndNobodyIsNamedAsWrong()
    {
        var truth = Verify(Make("site-a", SiteA), Make("site-c", SiteC, hour: 1)).GroundTruth;

        Assert.Equal(["publisher"], Column(truth, "k3", GroundTruthShape.Contested).Set);
        Assert.Empty(Column(truth, "k3", GroundTruthShape.Dissent).Set);
        Assert.DoesNotContain("publisher", Column(truth, "k0", GroundTruthShape.Contested).Set);
        // k1's tags: site-a 5 against site-c 7, a tie: the statistics show the spread, not one side.
        Assert.Contains("tags", Column(truth, "k1", GroundTruthShape.Contested).Set);
        Assert.Equal(5, Column(truth, "k1", "tags.min").Number);
        Assert.Equal(7, Column(truth, "k1", "tags.max").Number);
        Assert.Equal(6, Column(truth, "k1", "tags.mean").Number);
    }
}
