using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Federation.Store;
using Mao.Testing;

namespace Mao.Federation.Tests.Rounds;

/// <summary>
/// One site of a test federation with real parts: its own key (published), etcd client, blob container and tables
/// (named per test), data folder with dataset clones, and optionally a git remote folder. The decisions table is named
/// after the site, so tests sharing one Azurite give their sites unique names (<see cref="Name"/>).
/// </summary>
internal sealed class PublishSite : IAsyncDisposable
{
    private readonly TempFolder _data = new("mao-round-site");
    private readonly EtcdRegistry _etcd;
    private readonly SiteKeyPair _key;

    private PublishSite(string site, string keyRoot, AzuriteFixture azurite, EtcdFixture etcd, string? gitRemote)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        Settings = new FederationSettings
        {
            SiteId = site,
            DataDirectory = _data.Path,
            StorageConnectionString = azurite.ConnectionString,
            SnapshotContainer = "snapshots-" + id,
            SnapshotTable = "snapshots" + id,
            Etcd = new EtcdOptions { Endpoints = etcd.Endpoints, KeyRoot = keyRoot },
            GitRemote = gitRemote,
            PublicEndpoint = $"http://{site}.example:8080",
        };
        Directory.CreateDirectory(Path.Combine(_data.Path, "tmp"));
        _key = SiteKeyPair.CreateEphemeral(site);
        _etcd = new EtcdRegistry(Settings.Etcd);
        Registry = new FederationRegistry(_etcd, new MessageSigner(_key));
        Store = new SnapshotStore(Settings.StoreOptions());
        Endpoint = new SiteEndpoint(Settings);
        Sink = new FederatedGroundTruthSink(Registry, Store, Settings, Endpoint);
        Library = new StoreLibrary(Store, site);
        Decisions = new SiteDecisions(Settings);
    }

    public string Site => Settings.SiteId;

    /// <summary>A site name no other test uses: "site-a" becomes "site-a-1f2e3d".</summary>
    public static string Name(string site) => $"{site}-{Guid.NewGuid().ToString("N")[..6]}";

    public FederationSettings Settings { get; }

    public FederationRegistry Registry { get; }

    public SnapshotStore Store { get; }

    public SiteEndpoint Endpoint { get; }

    public FederatedGroundTruthSink Sink { get; }

    public StoreLibrary Library { get; }

    public SiteDecisions Decisions { get; }

    public string DatasetPath(string tool) => Path.Combine(_data.Path, "datasets", tool + ".git");

    public static async Task<PublishSite> StartAsync(string site, string keyRoot, AzuriteFixture azurite, EtcdFixture etcd, string? gitRemote,
        CancellationToken cancellationToken)
    {
        var started = new PublishSite(site, keyRoot, azurite, etcd, gitRemote);
        await started.Store.InitializeAsync(cancellationToken);
        await started.Registry.KeyDirectory.PublishAsync(site, started._key.PublicKey, cancellationToken);
        return started;
    }

    public VerifiedWatcher Watcher() => new(Registry, Library, Settings, decisions: Decisions);

    /// <summary>
    /// Claims the period for <paramref name="round"/> (as starting a round does; whether it won is up to the period's
    /// earlier claims), stages a ground truth and drafts the verified result the round orchestrator would publish.
    /// </summary>
    public async Task<VerifiedResult> DraftAsync(Snapshot groundTruth, string round, CancellationToken cancellationToken)
    {
        await Registry.ClaimRoundAsync(groundTruth.Header.Tool, Period.Of(groundTruth.Header.ObservedAt), round, DateTimeOffset.UtcNow, cancellationToken);
        var pointer = await Sink.StageAsync(groundTruth.Header.Tool, round, groundTruth, cancellationToken);
        return new VerifiedResult(pointer.Tool, pointer.Period, round, Site, 1, pointer, [Site], [], [], [], [],
            new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));
    }

    public ValueTask DisposeAsync()
    {
        _etcd.Dispose();
        _key.Dispose();
        _data.Dispose();
        return ValueTask.CompletedTask;
    }
}
