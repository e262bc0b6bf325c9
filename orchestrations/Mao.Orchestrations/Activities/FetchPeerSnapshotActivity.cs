using Mao.Core.Model;
using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Rounds;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.Activities;

/// <summary>Copies one answering peer's snapshot to this site, checked against its content id. Idempotent per (round, site).</summary>
public sealed class FetchPeerSnapshotActivity(ISnapshotSource source) : TaskActivity<FetchRequest, SnapshotPointer>
{
    public override Task<SnapshotPointer> RunAsync(TaskActivityContext context, FetchRequest input) => ExecuteAsync(input, CancellationToken.None);

    public Task<SnapshotPointer> ExecuteAsync(FetchRequest input, CancellationToken cancellationToken)
    {
        var where = $"fetch {input.RoundId}/{input.Site}";
        Identifier.Validate(input.Tool, "tool", where);
        Identifier.Validate(input.RoundId, "round id", where);
        Identifier.Validate(input.Site, "site", where);
        input.Snapshot.Validate(where);
        return source.FetchAsync(input, cancellationToken);
    }
}
