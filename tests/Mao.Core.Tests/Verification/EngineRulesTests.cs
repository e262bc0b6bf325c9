using Mao.Core.Model;
using Mao.Core.Verification;
using static Mao.Core.Tests.Verification.Snapshots;

namespace Mao.Core.Tests.Verification;

public class EngineRulesTests
{
    [Fact]
    public void Run_SiteListedTwice_ErrorNamesTheSite()
    {
        var error = Assert.Throws<MaoFormatException>(() => Verify(null, Of("a", Latency, ("r", [1.0])), Of("a", Latency, ("r", [2.0]))));

        Assert.Contains("site 'a' is listed twice", error.Message);
    }

    [Fact]
    public void Run_DifferentSchemas_ErrorNamesBothSchemas()
    {
        var other = Schema(("latency", FieldKind.Count));

        var error = Assert.Throws<MaoFormatException>(() => Verify(null, Of("a", Latency, ("r", [1.0])), Of("b", other, ("r", [2.0]))));

        Assert.Contains("latency:Count", error.Message);
        Assert.Contains("latency:Performance", error.Message);
    }

    [Fact]
    public void Run_EmptySnapshot_IsAnErrorNamingTheSite()
    {
        var error = Assert.Throws<MaoFormatException>(() => Verify(null, Of("a", Latency, ("r", [1.0])), Of("b", Latency)));

        Assert.Contains("empty snapshot: site 'b'", error.Message);
    }

    [Fact]
    public void Run_UnsortedOrDuplicateStream_IsAnErrorNotAVote()
    {
        var good = new SnapshotRecordSource(Of("a", Latency, ("k1", [1.0]), ("k2", [1.0])));
        var duplicate = new ListSource("b", Latency, ("k1", 1.0), ("k1", 2.0));

        var error = Assert.Throws<MaoFormatException>(() => new VerificationEngine().Run([good, duplicate], new VerdictCollector()));

        Assert.Contains("duplicate index value 'k1'", error.Message);
        Assert.StartsWith("list b", error.Message);
    }

    [Fact]
    public void Run_RecordsSeenBySomeSites_KeptWithSupportAndFlagged()
    {
        var (summary, verdicts) = Verify(null,
            Of("a", Latency, ("both", [1.0]), ("only-a", [5.0])),
            Of("b", Latency, ("both", [1.0])),
            Of("c", Latency, ("both", [1.0])));

        var onlyA = verdicts.Single(v => v.Key == "only-a");
        Assert.True(onlyA.Flags.HasFlag(VerdictFlags.BelowQuorum));
        Assert.Equal(5, onlyA.Fields[0].Value.Number);
        Assert.Equal(["s1"], onlyA.Fields[0].Support.Names());
        Assert.True(onlyA.Fields[0].Contested);
        Assert.Equal((2L, 2L, 1L, 0L), (summary.Records, summary.RecordsEmitted, summary.RecordsBelowQuorum, summary.RecordsDropped));
    }

    [Fact]
    public void Run_ShardedRecords_QuorumOfTheOwners_AbsentIsNotMeasured()
    {
        // Five sites, each record measured by two (replicas 2): of all five, two is below the quorum of three.
        var snapshots = new[]
        {
            Of("a", Latency, ("k1", [1.0]), ("k2", [2.0])),
            Of("b", Latency, ("k1", [1.0])),
            Of("c", Latency, ("k2", [2.0]), ("k3", [3.0])),
            Of("d", Latency, ("k3", [3.0])),
            Of("e", Latency, ("k3", [3.0]), ("k4", [4.0])),
        };
        var unsharded = new VerificationEngine().Run(snapshots);
        var sharded = new VerificationEngine { SitesPerRecord = 2 }.Run(snapshots);

        Assert.All(unsharded.Verdicts.Where(v => v.Key is "k1" or "k2"), v => Assert.True(v.Flags.HasFlag(VerdictFlags.BelowQuorum)));
        Assert.All(unsharded.Verdicts.Where(v => v.Key is "k1" or "k2"), v => Assert.True(v.Fields[0].Contested));
        Assert.Equal(0, sharded.Summary.RecordsBelowQuorum);
        var k1 = sharded.Verdicts.Single(v => v.Key == "k1");
        Assert.False(k1.Fields[0].Contested);
        Assert.Equal(["s1", "s2"], k1.Fields[0].Support.Names());
        // Sites that did not have a record are neither support nor dissent, in the record and in their tallies.
        Assert.All(sharded.Verdicts, v => Assert.True(v.Fields[0].Dissent.IsEmpty));
        Assert.All(sharded.Summary.Tallies, t => Assert.Equal(0, t.Dissented));
        Assert.Equal(2, sharded.Summary.Tallies.Single(t => t.Site == "b").Agreed + sharded.Summary.Tallies.Single(t => t.Site == "d").Agreed);
    }

    [Fact]
    public void Run_DropBelowQuorum_LeavesRareRecordsOut()
    {
        var policy = new VotePolicy { MissingRecords = MissingRecordPolicy.DropBelowQuorum };

        var (summary, verdicts) = Verify(policy,
            Of("a", Latency, ("both", [1.0]), ("only-a", [5.0])),
            Of("b", Latency, ("both", [1.0])),
            Of("c", Latency, ("both", [1.0])));

        Assert.Equal(["both"], verdicts.Select(v => v.Key));
        Assert.Equal(1, summary.RecordsDropped);
    }

    [Fact]
    public void Run_MissingFieldValue_SiteIsSilentNotDissenting()
    {
        var verdict = Verify(null,
            Of("a", Latency, ("r", [1.0])), Of("b", Latency, ("r", [null])), Of("c", Latency, ("r", [1.0]))).Verdicts.Single().Fields[0];

        Assert.Equal(["s2"], verdict.Silent.Names());
        Assert.True(verdict.Dissent.IsEmpty);
    }

    [Fact]
    public void Run_ModuleEliminationHistory_UntrustedSiteCannotSwingAVote()
    {
        var history = new SiteHistory(new Dictionary<string, SiteTrack>
        {
            ["a"] = new(10, 10), ["b"] = new(10, 10), ["c"] = new(1, 10), ["d"] = new(1, 10),
        });
        var snapshots = new[] { ("a", "x"), ("b", "y"), ("c", "y"), ("d", "y") }
            .Select(p => Of(p.Item1, Schema(("f", FieldKind.Category)), ("r", [p.Item2]))).ToArray();

        var plain = new VerificationEngine().Run(snapshots).Verdicts.Single().Fields[0];
        var weighted = new VerificationEngine(new VotePolicy { History = HistoryKind.ModuleElimination }, history).Run(snapshots).Verdicts.Single().Fields[0];

        Assert.Equal("y", plain.Value.Text);
        Assert.True(weighted.Flags.HasFlag(VerdictFlags.Tie)); // a and b weigh 1 each, c and d nothing: x vs y is 1 : 1
    }

    [Fact]
    public void Run_Summary_TalliesAgreementAndCarriesHistory()
    {
        var (summary, _) = Verify(null, OneNumberPerSite(10, 10, 900));

        Assert.Equal([new SiteTally("s1", 1, 1, 0), new SiteTally("s2", 1, 1, 0), new SiteTally("s3", 1, 0, 1)], summary.Tallies);
        Assert.Equal(0, summary.History.Sites["s3"].Rate);
        Assert.Equal(1, summary.History.Sites["s1"].Rate);
    }

    [Fact]
    public void Run_MoreThan64Sites_ClearError()
    {
        var snapshots = Enumerable.Range(0, 65).Select(i => Of($"s{i}", Latency, ("r", [1.0])));

        var error = Assert.Throws<MaoFormatException>(() => new VerificationEngine().Run(snapshots));

        Assert.Contains("at most 64 sites", error.Message);
    }

    /// <summary>A source that yields records exactly as given, sorted or not.</summary>
    private sealed class ListSource(string site, MetricSchema schema, params (string Key, double Value)[] records) : IRecordSource
    {
        private int _i = -1;
        public SnapshotHeader Header { get; } = new("tool", "1", site, ObservedAt, schema);
        public string Where => $"list {site}";
        public bool MoveNext() => ++_i < records.Length;
        public string CurrentKey => records[_i].Key;
        public ReadOnlySpan<FieldValue> CurrentValues => new[] { FieldValue.Of(records[_i].Value) };
        public void Dispose() { }
    }
}
