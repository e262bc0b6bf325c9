using Mao.Testing;

namespace Mao.Site.Tests.Support;

/// <summary>Federation tests share one real Azurite and one real etcd; each test has its own key root, task hubs, containers and folders.</summary>
[CollectionDefinition(Name)]
public sealed class FederationCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<EtcdFixture>
{
    public const string Name = "federation";
}
