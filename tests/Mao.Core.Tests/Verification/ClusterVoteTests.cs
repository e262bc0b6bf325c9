using Mao.Core.Model;
using Mao.Core.Verification;
using static Mao.Core.Tests.Verification.Snapshots;

namespace Mao.Core.Tests.Verification;

public class ClusterVoteTests
{
    private static readonly MetricSchema Publisher = Schema(("publisher", FieldKind.Category));
    private static readonly MetricSchema Archs = Schema(("archs", FieldKind.Set));
    private static readonly MetricSchema Tags = Schema(("tags", FieldKind.Count));

    private static Snapshot[] PerSite(MetricSchema schema, params object[] values) =>
        values.Select((v, i) => Of($"s{i + 1}", schema, ("r", [v]))).ToArray();

    [Fact]
    public void Decide_NormalisedStrings_CaseAndSpacesAgree()
    {
        var verdict = Single(null, PerSite(Publisher, "Bitnami", " bitnami", "BITNAMI ", "Other"));

        Assert.Equal(["s1", "s2", "s3"], verdict.Support.Names());
        Assert.Equal(["s4"], verdict.Dissent.Names());
        Assert.Equal(" bitnami", verdict.Value.Text); // each spelling once: the ordinal first represents the cluster
        Assert.False(verdict.Contested);
    }

    [Fact]
    public void Decide_ExactStrings_CaseMatters()
    {
        var verdict = Single(new VotePolicy { TextComparison = TextComparison.Exact }, PerSite(Publisher, "Bitnami", "bitnami", "bitnami"));

        Assert.Equal("bitnami", verdict.Value.Text);
        Assert.Equal(["s1"], verdict.Dissent.Names());
    }

    [Fact]
    public void Decide_Tie_IsContestedNotSilentlyResolved()
    {
        var verdict = Single(null, PerSite(Publisher, "a", "b"));

        Assert.True(verdict.Flags.HasFlag(VerdictFlags.Tie));
        Assert.True(verdict.Contested);
        Assert.Equal("a", verdict.Value.Text);
    }

    [Fact]
    public void Decide_PluralityWithoutMajority_IsWeakSupport()
    {
        var verdict = Single(null, PerSite(Publisher, "a", "a", "b", "c", "d"));

        Assert.Equal("a", verdict.Value.Text);
        Assert.True(verdict.Flags.HasFlag(VerdictFlags.WeakSupport));
        Assert.False(verdict.Flags.HasFlag(VerdictFlags.Tie));
    }

    [Fact]
    public void Decide_SimilarSets_ClusterByJaccard()
    {
        var big = Enumerable.Range(0, 10).Select(i => $"cve-{i}").ToArray();
        var verdict = Single(null, PerSite(Archs, big, big, big[..9], new[] { "x" }));

        Assert.Equal(big.OrderBy(s => s, StringComparer.Ordinal), verdict.Value.Set);
        Assert.Equal(["s1", "s2", "s3"], verdict.Support.Names());
        Assert.Equal(["s4"], verdict.Dissent.Names());
    }

    [Fact]
    public void Decide_SetsBelowSimilarity_AreDifferentAnswers()
    {
        var verdict = Single(null, PerSite(Archs, new[] { "amd64", "arm64" }, new[] { "amd64" }, new[] { "amd64", "arm64" }));

        Assert.Equal(["amd64", "arm64"], verdict.Value.Set);
        Assert.Equal(["s2"], verdict.Dissent.Names());
    }

    [Fact]
    public void Decide_Counts_VotedExactlyWithStatsOfSupporters()
    {
        var verdict = Single(null, PerSite(Tags, 42, 42, 43));

        Assert.Equal(42, verdict.Value.Number);
        Assert.Equal(["s3"], verdict.Dissent.Names());
        Assert.Equal((42.0, 42.0, 42.0, 2), (verdict.Stats!.Value.Mean, verdict.Stats.Value.Min, verdict.Stats.Value.Max, verdict.Stats.Value.Count));
    }

    [Fact]
    public void Jaccard_KnownSets_ReturnsIntersectionOverUnion()
    {
        Assert.Equal(2.0 / 3, ValueOrder.Jaccard(["a", "b", "c"], ["a", "b"]), 12);
        Assert.Equal(1, ValueOrder.Jaccard([], []));
        Assert.Equal(0, ValueOrder.Jaccard(["a"], ["b"]));
    }

    [Fact]
    public void Normalise_MixedSpacing_CollapsesAndLowers()
    {
        Assert.Equal("hello big world", ValueOrder.Normalise("  Hello \t BIG\nworld "));
    }
}
