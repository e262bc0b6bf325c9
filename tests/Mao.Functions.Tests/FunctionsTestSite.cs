using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Site.Hosting;
using Mao.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Functions.Tests;

/// <summary>Functions tests share one real Azurite and one real etcd; each test has its own key root, task hub, container and tables.</summary>
[CollectionDefinition(Name)]
public sealed class FunctionsCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<EtcdFixture>
{
    public const string Name = "functions";
}

/// <summary>
/// A real site host on Azurite and etcd whose durable backend the Functions' trigger methods are called against, and
/// the Functions app's own services (AddMaoFunctions) over the same settings: the same site, as the other host would run it.
/// </summary>
internal sealed class FunctionsTestSite : IAsyncDisposable
{
    public const string Tool = "bench";
    private readonly TempFolder _data = new("mao-functions");
    private readonly List<IAsyncDisposable> _owned = [];

    private FunctionsTestSite(AzuriteFixture azurite, EtcdFixture etcd)
    {
        var run = "f" + Guid.NewGuid().ToString("N")[..12];
        Options = new SiteOptions
        {
            Federation = new FederationSettings
            {
                SiteId = "site-a", DataDirectory = Path.Combine(_data.Path, "site-a"), StorageConnectionString = azurite.ConnectionString,
                Etcd = new EtcdOptions { Endpoints = etcd.Endpoints, KeyRoot = $"/{run}" },
                SnapshotContainer = run + "-site-a", SnapshotTable = run + "sitea", Tools = [Tool],
                AnswerWindow = TimeSpan.FromSeconds(20), SiteTtl = TimeSpan.FromSeconds(5), FetchTimeout = TimeSpan.FromSeconds(10),
            },
            ApiPort = 0, GrpcPort = 0, SchedulerEnabled = false, TaskHub = run + "sitea",
            Durable = new DurableTuning
            {
                MaxQueuePollingInterval = TimeSpan.FromSeconds(1), PartitionCount = 1,
                LeaseInterval = TimeSpan.FromSeconds(6), LeaseRenewInterval = TimeSpan.FromSeconds(2), LeaseAcquireInterval = TimeSpan.FromSeconds(2),
            },
        };
    }

    public SiteOptions Options { get; }

    public FederationSettings Settings => Options.Federation;

    public RunningSite Site { get; private set; } = null!;

    /// <summary>The Functions app's container: what the Functions host builds from Program.cs (hosted services not started).</summary>
    public ServiceProvider Functions { get; private set; } = null!;

    /// <param name="settings">App settings both hosts read (crawler and tool options), as the site's configuration and the Functions app's.</param>
    public static async Task<FunctionsTestSite> StartAsync(AzuriteFixture azurite, EtcdFixture etcd, CancellationToken ct, Action<SiteOptions>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var test = new FunctionsTestSite(azurite, etcd);
        configure?.Invoke(test.Options);
        if (settings is not null)
        {
            test.Options.Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        }
        test.Site = await SiteHost.StartAsync(test.Options, logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(), cancellationToken: ct);
        test.Functions = FunctionsProvider(test.Settings, test.Options.EffectiveTaskHub, settings);
        // Where peers reach this site: MAO_PUBLIC_ENDPOINT in Azure; here the site host's API, which serves the same routes.
        test.Functions.GetRequiredService<SiteEndpoint>().Bound(test.Site.ApiAddress);
        return test;
    }

    /// <summary>AddMaoFunctions plus what the Functions host itself registers (configuration, logging).</summary>
    public static ServiceProvider FunctionsProvider(FederationSettings settings, string taskHub, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MAO_TASK_HUB"] = taskHub })
            .AddInMemoryCollection(extra ?? new Dictionary<string, string?>())
            .Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddMaoFunctions(settings, configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(Functions);

    /// <summary>Another site of the federation: its key in the registry, so its signed answers verify here.</summary>
    public async Task<FederationRegistry> JoinPeerAsync(string site, CancellationToken ct)
    {
        var key = SiteKeyPair.CreateEphemeral(site);
        var etcd = new EtcdRegistry(new EtcdOptions { Endpoints = Settings.Etcd.Endpoints, KeyRoot = Settings.Etcd.KeyRoot });
        var registry = new FederationRegistry(etcd, new MessageSigner(key));
        var card = new SiteCard(site, site, "http://127.0.0.1:9", key.PublicKey, [Tool], 1);
        _owned.Add(new Disposer(() => { etcd.Dispose(); key.Dispose(); }));
        _owned.Add(await registry.RegisterSiteAsync(card, TimeSpan.FromSeconds(10), ct));
        return registry;
    }

    public static Snapshot Measurement(string site) =>
        new(new SnapshotHeader(Tool, "1.0", site, new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero),
                new MetricSchema("artifact", [new FieldSpec("latency", FieldKind.Performance)])),
            [new SnapshotRecord("nginx", [FieldValue.Of(7)]), new SnapshotRecord("redis", [FieldValue.Of(3)])]);

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
        if (Functions is not null)
        {
            await Functions.DisposeAsync();
        }
        if (Site is not null)
        {
            await Site.DisposeAsync();
        }
        _data.Dispose();
    }

    private sealed class Disposer(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
