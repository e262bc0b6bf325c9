using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Cli.Commands.Demo;

/// <summary>
/// A federation of site-host processes on one Azurite and one etcd, each with its own names: a demo run gets fresh
/// task hubs, containers, tables, data folders and an etcd key root, so a second run starts from nothing. On the local
/// stack etcd serves TLS with auth on: each site connects as its own etcd user (password file from the folder
/// infra/local/etcd-secure.sh keeps) whose role may write only its own keys (claims, announcements and results included).
/// </summary>
internal sealed class DemoFederation : IAsyncDisposable
{
    private readonly List<DemoSite> _sites = [];

    private DemoFederation(string root, string run, string storage, DemoEtcd etcd, string? keyRoot)
    {
        Root = root;
        Run = run;
        Storage = storage;
        Etcd = etcd;
        KeyRoot = keyRoot ?? $"/mao-demo-{run}";
    }

    public string Root { get; }

    public string Run { get; }

    public string Storage { get; }

    public DemoEtcd Etcd { get; }

    public string KeyRoot { get; }

    public IReadOnlyList<DemoSite> Sites => _sites;

    public DemoSite this[string site] => _sites.Single(s => s.Site == site);

    /// <param name="keyRoot">The run's etcd key root; null: <c>/mao-demo-&lt;run&gt;</c> (the sites' roles must cover it when auth is on).</param>
    public static DemoFederation Create(string folder, string storage, DemoEtcd etcd, string? keyRoot)
    {
        var run = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return new DemoFederation(Path.Combine(Path.GetFullPath(folder), run), run, storage, etcd, keyRoot);
    }

    /// <summary>Starts the sites one after the other (each is ready when its API answers and its card is in etcd).</summary>
    public async Task StartAsync(IEnumerable<string> sites, TimeSpan answerWindow, CancellationToken ct)
    {
        foreach (var site in sites)
        {
            var settings = Settings(site);
            var environment = new Dictionary<string, string>
            {
                ["MAO_STORAGE_CONNECTION"] = Storage,
                ["MAO_ETCD_ENDPOINTS"] = Etcd.Endpoints,
                ["MAO_ETCD_KEY_ROOT"] = KeyRoot,
                ["MAO_GIT_REMOTE"] = settings.GitRemote!,
                ["MAO_TASK_HUB"] = $"demo{Run}{Alphanumeric(site)}",
                ["MAO_SNAPSHOT_CONTAINER"] = settings.SnapshotContainer!,
                ["MAO_SNAPSHOT_TABLE"] = settings.SnapshotTable!,
                ["MAO_TOOLS"] = SmokeData.Tool,
                ["MAO_ANSWER_WINDOW_SECONDS"] = ((int)answerWindow.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MAO_SITE_TTL_SECONDS"] = "10",
                ["MAO_DURABLE_POLL_SECONDS"] = "1",
            };
            foreach (var (key, value) in Etcd.Environment(site))
            {
                environment[key] = value;
            }
            _sites.Add(await DemoSite.StartAsync(site, settings.DataDirectory, environment, ct));
        }
    }

    /// <summary>The settings a site process reads from the environment above, for work the demo does as that site (its tool run).</summary>
    public FederationSettings Settings(string site) => new()
    {
        SiteId = site,
        DataDirectory = Path.Combine(Root, site),
        StorageConnectionString = Storage,
        Etcd = Etcd.Options(site, KeyRoot),
        GitRemote = Path.Combine(Root, "remotes", site),
        SnapshotContainer = $"demo{Run}-{site}",
        SnapshotTable = $"demo{Run}{Alphanumeric(site)}",
        PublicEndpoint = _sites.SingleOrDefault(s => s.Site == site)?.Api.ToString(),
        Tools = [SmokeData.Tool],
    };

    /// <summary>Keeps a snapshot at a site the way its tool run does: the site's own library (blob + table, git branch, push).</summary>
    public async Task<SnapshotPointer> KeepAsync(string site, Snapshot snapshot, CancellationToken ct)
    {
        var services = new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)).AddFederation(Settings(site));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Federation.Store.SnapshotStore>().InitializeAsync(ct);
        return await provider.GetRequiredService<ISnapshotLibrary>().KeepAsync(snapshot, ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var site in _sites)
        {
            await site.DisposeAsync();
        }
    }

    private static string Alphanumeric(string text) => new(text.Where(char.IsAsciiLetterOrDigit).ToArray());
}
