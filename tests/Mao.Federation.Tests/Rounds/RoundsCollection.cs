using Mao.Testing;

namespace Mao.Federation.Tests.Rounds;

/// <summary>Round tests need both a real Azurite (each site's store) and a real etcd (the registry).</summary>
[CollectionDefinition(Name)]
public sealed class RoundsCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<EtcdFixture>
{
    public const string Name = "rounds";
}
