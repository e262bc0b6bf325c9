using Mao.Federation.Store;
using Mao.Testing;

namespace Mao.Federation.Tests.Store;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";

    /// <summary>A store with its own container and table, so tests sharing one Azurite never see each other's snapshots.</summary>
    public static async Task<SnapshotStore> NewStoreAsync(AzuriteFixture azurite, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var store = new SnapshotStore(new SnapshotStoreOptions
        {
            ConnectionString = azurite.ConnectionString,
            Container = "snapshots-" + id,
            IndexTable = "index" + id,
        });
        await store.InitializeAsync(cancellationToken);
        return store;
    }
}
