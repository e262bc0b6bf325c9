using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Store;

namespace Mao.Federation.Rounds;

/// <summary>Fetches peers' snapshots over HTTP or git into this site's store (see <see cref="ISnapshotFetcher"/>).</summary>
public sealed class SnapshotFetcher(FederationRegistry registry, SnapshotStore store, FederationSettings settings, IHttpClientFactory http) : ISnapshotFetcher
{
    public Task<FetchOutcome> FetchAsync(FetchRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();

    internal object Parts => (registry, store, settings, http);
}
