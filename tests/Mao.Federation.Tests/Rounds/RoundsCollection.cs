using Mao.Testing;

namespace Mao.Federation.Tests.Rounds;

/// <summary>Publishing and accepting need both the registry (etcd) and the store (Azurite).</summary>
[CollectionDefinition(Name)]
public sealed class RoundsCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<EtcdFixture>
{
    public const string Name = "rounds";
}
