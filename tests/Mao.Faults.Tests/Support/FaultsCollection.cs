using Mao.Testing;

namespace Mao.Faults.Tests.Support;

/// <summary>Fault tests on the shared Azurite and etcd (each test its own key root, task hubs, containers, folders); tests that stop Azurite or kill etcd members use their own.</summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<EtcdFixture>
{
    public const string Name = "faults";
}
