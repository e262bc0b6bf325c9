using System.Globalization;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Federation.Store;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Bench.Rounds;

/// <summary>
/// N `mao site run` processes (mao.dll built beside the benchmark) on one Azurite and one etcd, each with its own
/// task hub, container, table, data folder and git remote, and the tight durable timings the fault tests use.
/// </summary>
internal sealed class BenchSites : IAsyncDisposable
{
    public const string Tool = "bench";
    private readonly TempFolder _root = new("mao-bench-rounds");
    private readonly List<ServiceProcess> _processes = [];
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private readonly string _storage;
    private readonly string _etcd;

    public BenchSites(string storage, string etcd)
    {
        _storage = storage;
        _etcd = etcd;
    }

    public string Run { get; } = "b" + Guid.NewGuid().ToString("N")[..12];

    public KeyLayout Keys => new($"/{Run}");

    public Uri Api(string site) => new($"http://127.0.0.1:{_ports[site]}/");

    public FederationSettings Settings(string site) => new()
    {
        SiteId = site,
        DataDirectory = Path.Combine(_root.Path, site),
        StorageConnectionString = _storage,
        Etcd = new EtcdOptions { Endpoints = _etcd, KeyRoot = $"/{Run}" },
        GitRemote = Path.Combine(_root.Path, "remotes", site),
        SnapshotContainer = $"{Run}-{site}",
        SnapshotTable = Run + Alphanumeric(site),
        PublicEndpoint = _ports.TryGetValue(site, out var port) ? $"http://127.0.0.1:{port}/" : null,
        Tools = [Tool],
    };

    /// <summary>Starts the site hosts one after the other, each ready when it prints its "ready" line.</summary>
    public async Task StartAsync(IEnumerable<string> sites, CancellationToken ct)
    {
        var mao = Path.Combine(AppContext.BaseDirectory, "mao.dll");
        foreach (var site in sites)
        {
            _ports[site] = FreePorts.Next();
            var settings = Settings(site);
            var environment = new Dictionary<string, string>
            {
                ["MAO_SITE_ID"] = site,
                ["MAO_DATA_DIR"] = settings.DataDirectory,
                ["MAO_STORAGE_CONNECTION"] = _storage,
                ["MAO_ETCD_ENDPOINTS"] = _etcd,
                ["MAO_ETCD_KEY_ROOT"] = settings.Etcd.KeyRoot,
                ["MAO_GIT_REMOTE"] = settings.GitRemote!,
                ["MAO_TASK_HUB"] = settings.SnapshotTable!,
                ["MAO_SNAPSHOT_CONTAINER"] = settings.SnapshotContainer!,
                ["MAO_SNAPSHOT_TABLE"] = settings.SnapshotTable!,
                ["MAO_TOOLS"] = Tool,
                ["MAO_SITE_TTL_SECONDS"] = "10",
                ["MAO_FETCH_TIMEOUT_SECONDS"] = "10",
                ["MAO_DURABLE_POLL_SECONDS"] = "1",
                ["MAO_DURABLE_VISIBILITY_SECONDS"] = "10",
                ["MAO_DURABLE_LEASE_SECONDS"] = "6",
                ["MAO_DURABLE_PARTITIONS"] = "1",
                ["MAO_API_PORT"] = _ports[site].ToString(CultureInfo.InvariantCulture),
                ["MAO_GRPC_PORT"] = "0",
                ["MAO_PUBLIC_ENDPOINT"] = settings.PublicEndpoint!,
                ["Logging__LogLevel__Default"] = "Warning",
            };
            var process = ServiceProcess.Start("dotnet", [mao, "site", "run", "--no-scheduler"], Path.Combine(_root.Path, "logs", site + ".log"), environment);
            _processes.Add(process);
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!process.LogTail(200).Contains($"site {site} ready", StringComparison.Ordinal))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"site host {site} did not start:\n{process.LogTail()}");
                }
                await Task.Delay(100, ct);
            }
        }
    }

    /// <summary>Keeps snapshots at a site as its tool runs do (the site's own library, built here from the same settings).</summary>
    public async Task<IReadOnlyList<SnapshotPointer>> KeepAsync(string site, IEnumerable<Snapshot> snapshots, CancellationToken ct)
    {
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddFederation(Settings(site));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SnapshotStore>().InitializeAsync(ct);
        var library = provider.GetRequiredService<ISnapshotLibrary>();
        var kept = new List<SnapshotPointer>();
        foreach (var snapshot in snapshots)
        {
            kept.Add(await library.KeepAsync(snapshot, ct));
        }
        return kept;
    }

    public string ApiKey(string site) => SiteIdentity.ApiKey(Settings(site));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
        await Task.Yield();
        _root.Dispose();
    }

    private static string Alphanumeric(string text) => new(text.Where(char.IsAsciiLetterOrDigit).ToArray());
}
