using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Federation.Store;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mao.Federation.Tests.Rounds;

/// <summary>
/// One site of a test federation, built from real parts as AddFederation wires them: its own store (container and
/// table in the shared Azurite), registry client and key (a key root per test), data folder, optional folder git
/// remote, its API serving snapshots on a free port, and its card in the live set.
/// </summary>
internal sealed class RoundSite : IAsyncDisposable
{
    private readonly TempFolder _data = new("mao-round-site");
    private readonly ServiceProvider _http;
    private SiteRegistration? _registration;

    private RoundSite(string site, string keyRoot, AzuriteFixture azurite, EtcdFixture etcd, string? gitRemote, TimeSpan? fetchTimeout)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        Settings = new FederationSettings
        {
            SiteId = site,
            DataDirectory = _data.Path,
            StorageConnectionString = azurite.ConnectionString,
            SnapshotContainer = $"snapshots-{site}-{id}",
            SnapshotTable = $"snapshots{id}",
            Etcd = new EtcdOptions { Endpoints = etcd.Endpoints, KeyRoot = keyRoot },
            GitRemote = gitRemote,
            FetchTimeout = fetchTimeout ?? TimeSpan.FromSeconds(20),
        };
        Store = new SnapshotStore(Settings.StoreOptions());
        Key = SiteKeyPair.CreateEphemeral(site);
        Etcd = new EtcdRegistry(Settings.Etcd);
        Registry = new FederationRegistry(Etcd, new MessageSigner(Key));
        var services = new ServiceCollection();
        services.AddHttpClient();
        SnapshotFetcher.AddFetchClient(services);
        _http = services.BuildServiceProvider();
    }

    public string Site => Settings.SiteId;
    public FederationSettings Settings { get; }
    public SnapshotStore Store { get; }
    public SiteKeyPair Key { get; }
    public EtcdRegistry Etcd { get; }
    public FederationRegistry Registry { get; }
    public PeerServer Server { get; private set; } = null!;
    public SiteSnapshotLibrary Library { get; private set; } = null!;
    public SnapshotFetcher Fetcher { get; private set; } = null!;
    public AcceptedMeasurements Accepted { get; private set; } = null!;

    /// <summary>Where this site's dataset of a tool is pushed (the folder remote it creates on first push).</summary>
    public string? RemoteOf(string tool) => Settings.GitRemote is { } root ? $"{root}/{tool}.git" : null;

    public static async Task<RoundSite> StartAsync(string site, string keyRoot, AzuriteFixture azurite, EtcdFixture etcd, CancellationToken cancellationToken,
        string? gitRemote = null, TimeSpan? fetchTimeout = null)
    {
        var node = new RoundSite(site, keyRoot, azurite, etcd, gitRemote, fetchTimeout);
        await node.Store.InitializeAsync(cancellationToken);
        var downloads = new SnapshotDownloads(node.Store);
        node.Server = await PeerServer.StartAsync(() => downloads, cancellationToken);
        node.Settings.PublicEndpoint = node.Server.BaseUrl.ToString();
        var endpoint = new SiteEndpoint(node.Settings);
        node.Library = new SiteSnapshotLibrary(node.Store, node.Settings, endpoint, node.Registry, NullLogger<SiteSnapshotLibrary>.Instance);
        node.Fetcher = new SnapshotFetcher(node.Registry, node.Store, node.Settings, node._http.GetRequiredService<IHttpClientFactory>(), NullLogger<SnapshotFetcher>.Instance);
        node.Accepted = new AcceptedMeasurements(node.Settings);
        var card = new SiteCard(site, $"Site {site}", endpoint.PublicBaseAddress.ToString().TrimEnd('/'), node.Key.PublicKey, ["dockerhub-arch"],
            CardVersion: 1, GitRemote: gitRemote);
        node._registration = await node.Registry.RegisterSiteAsync(card, TimeSpan.FromSeconds(10), cancellationToken);
        return node;
    }

    public AnnouncementResponder Responder(IOwnMeasurements? own = null) =>
        new(Registry, Library, Accepted, own ?? new NoOwnMeasurements(), Settings, TimeProvider.System, NullLogger<AnnouncementResponder>.Instance);

    /// <summary>A snapshot of this site (records vary with <paramref name="seed"/>).</summary>
    public Snapshot Snapshot(DateTimeOffset observedAt, string toolVersion = "1.0.0", int seed = 1, string tool = "dockerhub-arch")
    {
        var made = TestSnapshots.Make(tool, Site, observedAt, seed: seed);
        return new Snapshot(made.Header with { ToolVersion = toolVersion }, made.Records);
    }

    public async ValueTask DisposeAsync()
    {
        if (_registration is not null)
        {
            await _registration.DisposeAsync();
        }
        await Server.DisposeAsync();
        Library.Dispose();
        Fetcher.Dispose();
        await _http.DisposeAsync();
        Etcd.Dispose();
        Key.Dispose();
        _data.Dispose();
    }
}
