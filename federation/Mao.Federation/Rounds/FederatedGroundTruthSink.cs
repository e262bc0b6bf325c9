using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mao.Federation.Rounds;

/// <summary>
/// Stages ground truth in the store and publishes it: git ground-truth branch + tag (pushed when the site has a
/// remote), then the signed result in etcd by compare-and-swap (see <see cref="IGroundTruthSink"/>). Every step is
/// idempotent, so the activities may run again after a crash.
/// </summary>
public sealed class FederatedGroundTruthSink(FederationRegistry registry, SnapshotStore store, FederationSettings settings, SiteEndpoint endpoint,
    ILogger<FederatedGroundTruthSink>? log = null) : IGroundTruthSink
{
    private readonly ILogger _log = log ?? (ILogger)NullLogger.Instance;

    public async Task<SnapshotPointer> StageAsync(string tool, string round, Func<Stream, CancellationToken, Task<CanonicalisedSnapshot>> write,
        CancellationToken cancellationToken)
    {
        var where = $"ground truth of {tool} round {round}";
        // Streamed to a staging blob, hashed on the way, then placed under its content id: never whole in memory.
        var stored = await store.PutStreamedAsync(async (upload, ct) =>
        {
            var written = await write(upload, ct);
            return written.Header.Tool == tool ? written : throw new MaoFormatException(where, $"the ground truth is of tool '{written.Header.Tool}'");
        }, cancellationToken);
        var entry = stored.Entry;
        var pointer = new SnapshotPointer(entry.ContentId, entry.Size, tool, entry.ToolVersion, entry.Site, Period.Of(entry.ObservedAt), entry.ObservedAt,
            [new SnapshotLocation(LocationKind.Http, endpoint.SnapshotAddress(entry.ContentId).ToString())]);
        pointer.Validate(where);
        return pointer;
    }

    public async Task<PublishOutcome> PublishAsync(VerifiedResult draft, CancellationToken cancellationToken)
    {
        var key = registry.Keys.Verified(draft.Tool, draft.Period, draft.Site);
        draft.Validate(key);
        if (draft.Snapshot.Tool != draft.Tool)
        {
            throw new MaoFormatException(key, $"the ground truth pointer is of tool '{draft.Snapshot.Tool}'");
        }
        // A result already stands (this round's before a crash): git must not get a second ground truth.
        if (await registry.ReadVerifiedAsync(draft.Tool, draft.Period, cancellationToken) is { } standing)
        {
            return Outcome(standing.Message, draft);
        }
        // Readers take a period's result only from the round that won its claim: any other would never count.
        var claim = await registry.ReadClaimAsync(draft.Tool, draft.Period, cancellationToken);
        if (claim is null || claim.Site != draft.Site || claim.Round != draft.Round)
        {
            throw new InvalidOperationException($"round {draft.Round} of {draft.Site} does not hold the claim of {draft.Tool}/{draft.Period} ("
                + (claim is null ? "no signed claim" : $"won by round {claim.Round} of {claim.Site}") + "): its result would be refused, so it is not published");
        }

        var pointer = draft.Snapshot;
        await using (var canonical = await store.OpenAsync(pointer.ContentId, cancellationToken))
        {
            var (commit, pushed) = await new GroundTruthDataset(settings, _log).CommitAndPushAsync(pointer, draft.Period, draft.Round, canonical, cancellationToken);
            _log.LogInformation("Ground truth {Id} of {Tool}/{Period} committed as {Commit} (tag verified/{Round}){Pushed}",
                pointer.ContentId, draft.Tool, draft.Period, commit, draft.Round, pushed is null ? ", not pushed" : $", pushed to {pushed.Address}");
            if (pushed is not null)
            {
                var locations = pointer.Locations.Where(l => l.Kind != LocationKind.Git).Take(SnapshotPointer.MaxLocations - 1).Append(pushed).ToArray();
                pointer = pointer with { Locations = locations };
            }
        }

        var result = draft with { Snapshot = pointer };
        var published = await registry.PublishVerifiedAsync(result, cancellationToken);
        if (published.Won)
        {
            _log.LogInformation("Verified {Tool}/{Period} published by round {Round}", draft.Tool, draft.Period, draft.Round);
            return new PublishOutcome(result, Created: true);
        }
        // Our own key holds a different result (a re-run that verified differently after a crash): the first stands.
        var winner = await registry.ReadVerifiedAsync(draft.Tool, draft.Period, cancellationToken)
            ?? throw new InvalidOperationException($"etcd key {key}: publishing lost the compare-and-swap, yet no result is stored there (deleted by hand?)");
        return Outcome(winner.Message, draft);
    }

    /// <summary><c>Created</c> says whether the standing result is this round's ground truth (also on a re-run).</summary>
    private PublishOutcome Outcome(VerifiedResult standing, VerifiedResult draft)
    {
        var ours = standing.Site == draft.Site && standing.Round == draft.Round && standing.Snapshot.ContentId == draft.Snapshot.ContentId;
        if (!ours)
        {
            _log.LogInformation("Verified {Tool}/{Period} already stands from round {Standing} of {Site}: round {Round} is not published",
                draft.Tool, draft.Period, standing.Round, standing.Site, draft.Round);
        }
        return new PublishOutcome(standing, ours);
    }
}
