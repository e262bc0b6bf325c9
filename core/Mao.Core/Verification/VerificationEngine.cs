using Mao.Core.Model;

namespace Mao.Core.Verification;

/// <summary>
/// Computes ground truth from several sites' snapshots of one tool: a k-way merge over the sources' sorted records,
/// then per record and field a vote (<see cref="NumericVote"/> for performance metrics, <see cref="ClusterVote"/> for
/// counts, strings and sets). O(records x sites) time; memory is one record per site plus fixed scratch, whatever the
/// number of records. Sites are ordered by name first, so the input order never changes the result.
/// </summary>
public sealed class VerificationEngine
{
    private const int ProgressEvery = 1 << 16;
    private readonly VotePolicy _policy;
    private readonly SiteHistory _history;

    public VerificationEngine(VotePolicy? policy = null, SiteHistory? history = null)
    {
        _policy = policy ?? VotePolicy.Default;
        _policy.Validate("vote policy");
        _history = history ?? SiteHistory.Empty;
    }

    /// <summary>
    /// Read and merge the sources on a second thread while this one votes. Off by default: handing records between
    /// cores costs more CPU than it saves unless reading the sources is expensive (parsing large files) and a core is idle.
    /// </summary>
    public bool ParallelMerge { get; init; }

    /// <summary>
    /// How many of the sites were to measure each record: a sharded tool's replicas (<see cref="Sharding.ShardPlan"/>).
    /// The quorum is taken of these, not of all sites, so a record absent from a site that did not own its shard is
    /// "not measured" there and costs no quorum. Null: every site was to measure every record.
    /// </summary>
    public int? SitesPerRecord { get; init; }

    /// <summary>Verifies the sources (which it disposes of) and streams each record's verdict to <paramref name="sink"/>.</summary>
    /// <param name="progress">Called with the number of records done so far, every 65,536 records and at the end.</param>
    public VerificationSummary Run(IReadOnlyList<IRecordSource> sources, IVerdictSink sink, Action<long>? progress = null,
        CancellationToken cancellation = default)
    {
        try
        {
            return RunCore(SourceSet.Prepare(sources), sink, progress, cancellation);
        }
        finally
        {
            foreach (var source in sources)
            {
                source.Dispose();
            }
        }
    }

    /// <summary>Convenience for materialised snapshots: verifies them and returns detached verdicts.</summary>
    public (VerificationSummary Summary, IReadOnlyList<RecordVerdict> Verdicts) Run(IEnumerable<Snapshot> snapshots)
    {
        var collector = new VerdictCollector();
        var summary = Run(snapshots.Select(s => (IRecordSource)new SnapshotRecordSource(s)).ToList(), collector);
        return (summary, collector.Verdicts);
    }

    /// <summary>
    /// Reads the round's first records (<see cref="RoundEvidence.WindowRecords"/>) and votes on them to learn whether its
    /// numeric votes show agreement beyond chance; the decider keeps that for the whole round. Returns the records read,
    /// to be decided again (and emitted) first. Empty when the policy does not use round evidence or has no performance field.
    /// </summary>
    private List<RecordVerdict> JudgeRound(RecordMerger merger, RecordDecider decider, IRecordSource[] sources,
        string[] siteNames, MetricSchema schema, int required)
    {
        var window = new List<RecordVerdict>();
        if (!RoundEvidence.Applies(_policy) || schema.Fields.All(f => f.Kind != FieldKind.Performance))
        {
            return window;
        }
        var size = RoundEvidence.WindowRecords(sources.Length, schema.Fields.Count);
        while (window.Count < size)
        {
            var verdict = new RecordVerdict(siteNames, schema);
            if (!merger.Next(verdict))
            {
                break;
            }
            window.Add(verdict);
            // Records the round drops are never decided, so they are no evidence either.
            if (verdict.SeenBy.Count >= required || _policy.MissingRecords != MissingRecordPolicy.DropBelowQuorum)
            {
                decider.Decide(verdict, sources);
            }
        }
        decider.RoundShowsAgreement = decider.VotesShowAgreement;
        return window;
    }

    private VerificationSummary RunCore(IRecordSource[] sources, IVerdictSink sink, Action<long>? progress, CancellationToken cancellation)
    {
        var schema = sources[0].Header.Schema;
        var siteNames = sources.Select(s => s.Header.Site).ToArray();
        var weights = _history.Weights(_policy.History, siteNames);
        var required = _policy.RequiredSites(Math.Clamp(SitesPerRecord ?? sources.Length, 1, sources.Length));
        var merger = new RecordMerger(sources);
        var decider = new RecordDecider(schema, sources.Length, _policy, weights, required);
        var window = JudgeRound(merger, decider, sources, siteNames, schema, required);
        var fromWindow = 0;
        using var pipeline = ParallelMerge ? new MergePipeline(merger, () => new RecordVerdict(siteNames, schema), cancellation) : null;
        var single = new RecordVerdict(siteNames, schema);
        var seen = new long[sources.Length];
        var agreed = new long[sources.Length];
        var dissented = new long[sources.Length];
        long records = 0, emitted = 0, belowQuorum = 0, dropped = 0, contested = 0;

        while ((fromWindow < window.Count ? window[fromWindow++] : pipeline is null ? merger.Next(single) ? single : null : pipeline.Next()) is { } verdict)
        {
            records++;
            foreach (var site in verdict.SeenBy.Indexes()) seen[site]++;
            if (verdict.SeenBy.Count < required)
            {
                verdict.Flags |= VerdictFlags.BelowQuorum;
                belowQuorum++;
                if (_policy.MissingRecords == MissingRecordPolicy.DropBelowQuorum)
                {
                    dropped++;
                    Report(records);
                    continue;
                }
            }
            decider.Decide(verdict, sources);
            foreach (ref readonly var field in verdict.Fields.AsSpan())
            {
                if (field.Contested)
                {
                    contested++;
                    continue;
                }
                foreach (var site in field.Support.Indexes()) agreed[site]++;
                foreach (var site in field.Dissent.Indexes()) dissented[site]++;
            }
            sink.Accept(verdict);
            emitted++;
            Report(records);
        }
        progress?.Invoke(records);

        var tallies = siteNames.Select((s, i) => new SiteTally(s, seen[i], agreed[i], dissented[i])).ToArray();
        return new VerificationSummary(sources[0].Header.Tool, siteNames, records, emitted, belowQuorum, dropped, contested,
            tallies, _history.Add(siteNames, tallies));

        void Report(long done)
        {
            if ((done & (ProgressEvery - 1)) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Invoke(done);
            }
        }
    }
}
