using Mao.Testing;

namespace Mao.Site.Tests.Support;

/// <summary>Integration tests share one real Azurite; each test uses its own task hub and data folder.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
