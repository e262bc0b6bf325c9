using Mao.Testing;

namespace Mao.Faults.Tests.Support;

/// <summary>Tests that kill etcd members get their own 3-member cluster, so no other test loses a member under it.</summary>
[CollectionDefinition(Name)]
public sealed class EtcdClusterCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<EtcdClusterFixture>
{
    public const string Name = "etcd-cluster";
}
