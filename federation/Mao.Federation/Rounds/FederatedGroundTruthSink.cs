using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;

namespace Mao.Federation.Rounds;

/// <summary>Stages ground truth in the store and publishes it to git and etcd (see <see cref="IGroundTruthSink"/>).</summary>
public sealed class FederatedGroundTruthSink(FederationRegistry registry, SnapshotStore store, FederationSettings settings, SiteEndpoint endpoint) : IGroundTruthSink
{
    public Task<SnapshotPointer> StageAsync(string tool, string round, Snapshot groundTruth, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<PublishOutcome> PublishAsync(VerifiedResult draft, CancellationToken cancellationToken) => throw new NotImplementedException();

    internal object Parts => (registry, store, settings, endpoint);
}
