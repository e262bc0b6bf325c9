using Mao.Federation.Configuration;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Rounds;
using Mao.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mao.Functions.Tests;

/// <summary>The Functions app's container, from the settings Bicep sets: every function class builds, and the hosted services start.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class FunctionServicesTests(AzuriteFixture azurite, EtcdFixture etcd) : IDisposable
{
    private readonly TempFolder _data = new("mao-fn-di");

    [Theory]
    [InlineData(typeof(RoundHttpFunctions))]
    [InlineData(typeof(RoundOrchestrationFunctions))]
    [InlineData(typeof(ScheduledFunctions))]
    [InlineData(typeof(SnapshotHttpFunctions))]
    [InlineData(typeof(SiteReadFunctions))]
    [InlineData(typeof(CatchUpFunctions))]
    [InlineData(typeof(RunFunctions))]
    [InlineData(typeof(ToolRunTimers))]
    [InlineData(typeof(ToolRunOrchestrationFunctions))]
    public void AddMaoFunctions_FunctionClass_CanBeCreated(Type functionClass)
    {
        var settings = Settings("fn-di");
        using var provider = FunctionsTestSite.FunctionsProvider(settings, "maofndi");

        Assert.NotNull(ActivatorUtilities.CreateInstance(provider, functionClass));
    }

    [Fact]
    public void FromConfiguration_NoMaoStorageConnection_UsesTheFunctionsAppsStorage()
    {
        var settings = Settings("fn-storage");

        Assert.Equal(azurite.ConnectionString, settings.StorageConnectionString);
    }

    /// <summary>
    /// Announcements and verified results need no durable client: their watches run in the Functions app as hosted
    /// services, and re-read the registry when they start (which a timer's wake-up does after a scale to zero).
    /// </summary>
    [Fact]
    public async Task FunctionsHost_StartsTheFederationsHostedServices_AndJoinsTheLiveSet()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        var settings = Settings("fn-host");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IConfiguration>(builder.Configuration);
        builder.Services.AddMaoFunctions(settings, builder.Configuration);
        using var host = builder.Build();

        var hosted = host.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.Contains(typeof(AnnouncementResponder), hosted);
        Assert.Contains(typeof(VerifiedWatcher), hosted);
        Assert.Contains(typeof(SiteCardKeeper), hosted);
        Assert.Contains(typeof(ClientAnswerRelay), hosted);
        Assert.DoesNotContain(typeof(AnswerRelay), hosted);
        await host.StartAsync(ct);
        try
        {
            var registry = host.Services.GetRequiredService<Mao.Federation.Registry.FederationRegistry>();
            while (!(await registry.LiveSitesAsync(ct)).Any(card => card.Site == settings.SiteId))
            {
                await Task.Delay(200, ct);
            }
            Assert.False(host.Services.GetRequiredService<DurableClientHolder>().HasClient);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Settings as the Functions host reads them: the MAO_* names Bicep sets, and AzureWebJobsStorage for storage.</summary>
    private FederationSettings Settings(string site) => FederationSettings.FromConfiguration(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MAO_SITE_ID"] = site,
            ["MAO_DATA_DIR"] = Path.Combine(_data.Path, site),
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["MAO_ETCD_ENDPOINTS"] = etcd.Endpoints,
            ["MAO_ETCD_KEY_ROOT"] = "/f" + Guid.NewGuid().ToString("N")[..12],
            ["MAO_PUBLIC_ENDPOINT"] = "https://mao-fn.azurewebsites.net",
            ["MAO_SNAPSHOT_TABLE"] = "fn" + Guid.NewGuid().ToString("N")[..12],
            ["MAO_SNAPSHOT_CONTAINER"] = "fn-" + Guid.NewGuid().ToString("N")[..12],
        }).Build());

    public void Dispose() => _data.Dispose();
}
