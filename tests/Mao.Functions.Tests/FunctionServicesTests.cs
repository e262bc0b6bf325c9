using Mao.Federation.Configuration;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Functions.Tests;

/// <summary>The function classes the Functions host creates per invocation can all be built from the app's services.</summary>
public sealed class FunctionServicesTests : IDisposable
{
    private readonly TempFolder _data = new("mao-fn-di");

    [Theory]
    [InlineData(typeof(RoundHttpFunctions))]
    [InlineData(typeof(RoundOrchestrationFunctions))]
    [InlineData(typeof(ScheduledFunctions))]
    [InlineData(typeof(SnapshotHttpFunctions))]
    public void AddMaoFunctions_FunctionClass_CanBeCreated(Type functionClass)
    {
        var services = new ServiceCollection().AddLogging()
            .AddMaoFunctions(new FederationSettings { SiteId = "site-a", DataDirectory = _data.Path, StorageConnectionString = "UseDevelopmentStorage=true" });
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(ActivatorUtilities.CreateInstance(provider, functionClass));
    }

    public void Dispose() => _data.Dispose();
}
