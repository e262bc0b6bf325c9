using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;

namespace Mao.Federation.Rounds;

/// <summary>This site's snapshots in its blob + table store and its dataset repositories (see <see cref="ISnapshotLibrary"/>).</summary>
public sealed class SiteSnapshotLibrary(SnapshotStore store, FederationSettings settings, SiteEndpoint endpoint) : ISnapshotLibrary
{
    public Task<SnapshotPointer> KeepAsync(Snapshot snapshot, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<Snapshot> LoadAsync(string contentId, CancellationToken cancellationToken) => store.GetAsync(contentId, cancellationToken);

    public Task<SnapshotPointer?> FindAsync(string contentId, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<SnapshotPointer?> NewestAsync(string tool, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<SnapshotPointer?> ComparableAsync(string tool, string period, string toolVersion, CancellationToken cancellationToken) => throw new NotImplementedException();

    internal FederationSettings Settings => settings;

    internal SiteEndpoint Endpoint => endpoint;
}
