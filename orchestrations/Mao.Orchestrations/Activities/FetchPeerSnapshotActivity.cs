using Mao.Core.Model;
using Mao.Federation.Rounds;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.Activities;

/// <summary>Gets one answering peer's snapshot into this site's store, checked. Idempotent per content id; a bad peer is an outcome, not a failure.</summary>
public sealed class FetchPeerSnapshotActivity(ISnapshotFetcher fetcher) : TaskActivity<FetchRequest, FetchOutcome>
{
    public override Task<FetchOutcome> RunAsync(TaskActivityContext context, FetchRequest input) => ExecuteAsync(input, CancellationToken.None);

    public Task<FetchOutcome> ExecuteAsync(FetchRequest input, CancellationToken cancellationToken)
    {
        var where = $"fetch {input.Tool}/{input.Round}/{input.Site}";
        Identifier.Validate(input.Tool, "tool", where);
        Identifier.Validate(input.Round, "round id", where);
        Identifier.Validate(input.Site, "site", where);
        return fetcher.FetchAsync(input, cancellationToken);
    }
}
