using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Configuration;
using Mao.Federation.Git;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Federation.Store;
using Mao.Orchestrations.Api;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Tests.Support;

/// <summary>
/// A federation of `mao site run` processes on the shared Azurite and etcd, named per test exactly as
/// <see cref="TestSites.Options"/> names in-process sites. A site keeps its API port, data folder and task hub
/// across a kill and restart, as a supervisor restarting a crashed host would.
/// </summary>
public sealed class ProcessFederation(AzuriteFixture azurite, EtcdFixture etcd) : IAsyncDisposable
{
    private readonly TempFolder _root = new("mao-processes");
    private readonly Dictionary<string, SiteProcess> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _starts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _gitRemotes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _scheduled = new(StringComparer.Ordinal);
    private readonly EtcdRegistry _etcd = new(new EtcdOptions { Endpoints = etcd.Endpoints });

    public string Run { get; } = TestSites.UniqueRun();

    public string Root => _root.Path;

    public KeyLayout Keys => new($"/{Run}");

    public SiteProcess this[string site] => _running[site];

    /// <summary>Per-site settings; the same a site process reads from the environment built from them.</summary>
    public FederationSettings Settings(string site)
    {
        var options = TestSites.Options(azurite, etcd, _root.Path, Run, site).Federation;
        options.PublicEndpoint = Api(site).ToString();
        options.GitRemote = _gitRemotes.GetValueOrDefault(site, options.GitRemote!);
        return options;
    }

    /// <summary>Another git remote for a site (e.g. a smart-HTTP server, whose hooks run); set before the site starts.</summary>
    public void UseGitRemote(string site, string remote) => _gitRemotes[site] = remote;

    /// <summary>
    /// Runs the site's timer jobs (no `--no-scheduler`) with further variables on top of (and over) the ones built from
    /// its settings: MAO_TOOLS, MAO_SCHEDULE_&lt;TOOL&gt;, the crawlers' Mao__... endpoints. Set before the site starts.
    /// </summary>
    public void UseScheduler(string site, IReadOnlyDictionary<string, string> environment) => _scheduled[site] = environment;

    public Uri Api(string site)
    {
        if (!_ports.TryGetValue(site, out var port))
        {
            _ports[site] = port = FreePorts.Next();
        }
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public async Task StartAsync(CancellationToken ct, params string[] sites)
    {
        // One after the other: starting .NET hosts in parallel on two loaded cores only makes each slower.
        foreach (var site in sites)
        {
            await StartAsync(site, ct);
        }
    }

    /// <summary>Starts (or restarts, with the same data folder, task hub and port) a site host; each start logs to its own file.</summary>
    public async Task<SiteProcess> StartAsync(string site, CancellationToken ct)
    {
        if (_running.Remove(site, out var old))
        {
            old.Dispose();
        }
        var start = _starts[site] = _starts.GetValueOrDefault(site) + 1;
        var log = Path.Combine(_root.Path, "logs", $"{site}.{start}.log");
        var environment = Environment(site);
        foreach (var (name, value) in _scheduled.GetValueOrDefault(site) ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }
        var process = await SiteProcess.StartAsync(site, environment, log, ct, scheduler: _scheduled.ContainsKey(site));
        _running[site] = process;
        return process;
    }

    /// <summary>Lines of every start's log of a site that contain <paramref name="text"/>, HTTP client chatter left out (for failure messages).</summary>
    public string LogLines(string site, string text, int lines = 60)
    {
        var matching = Enumerable.Range(1, _starts.GetValueOrDefault(site))
            .Select(start => Path.Combine(_root.Path, "logs", $"{site}.{start}.log"))
            .Where(File.Exists)
            .SelectMany(path => ReadShared(path).Select(line => $"[{Path.GetFileName(path)}] {line}"))
            .Where(line => line.Contains(text, StringComparison.Ordinal) && !line.Contains("System.Net.Http", StringComparison.Ordinal) && !line.Contains("Polly[", StringComparison.Ordinal))
            .ToList();
        return string.Join('\n', matching.Skip(Math.Max(0, matching.Count - lines)));
    }

    private static List<string> ReadShared(string path)
    {
        // The running host still writes the file.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>SIGKILL, as a crash or an OOM kill.</summary>
    public void Kill(string site) => _running[site].Kill();

    private Dictionary<string, string> Environment(string site)
    {
        var settings = Settings(site);
        string Seconds(TimeSpan span) => ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["MAO_SITE_ID"] = site,
            ["MAO_DATA_DIR"] = settings.DataDirectory,
            ["MAO_STORAGE_CONNECTION"] = settings.StorageConnectionString!,
            ["MAO_ETCD_ENDPOINTS"] = settings.Etcd.Endpoints,
            ["MAO_ETCD_KEY_ROOT"] = settings.Etcd.KeyRoot,
            ["MAO_GIT_REMOTE"] = settings.GitRemote!,
            ["MAO_TASK_HUB"] = TestSites.Options(azurite, etcd, _root.Path, Run, site).EffectiveTaskHub,
            ["MAO_SNAPSHOT_CONTAINER"] = settings.SnapshotContainer!,
            ["MAO_SNAPSHOT_TABLE"] = settings.SnapshotTable!,
            ["MAO_TOOLS"] = string.Join(',', settings.Tools),
            ["MAO_ANSWER_WINDOW_SECONDS"] = Seconds(settings.AnswerWindow),
            ["MAO_SITE_TTL_SECONDS"] = Seconds(settings.SiteTtl),
            ["MAO_FETCH_TIMEOUT_SECONDS"] = Seconds(settings.FetchTimeout),
            ["MAO_DURABLE_POLL_SECONDS"] = "1",
            ["MAO_DURABLE_VISIBILITY_SECONDS"] = "10",
            ["MAO_DURABLE_LEASE_SECONDS"] = "6",
            ["MAO_DURABLE_PARTITIONS"] = "1",
            ["MAO_API_PORT"] = Api(site).Port.ToString(CultureInfo.InvariantCulture),
            ["MAO_GRPC_PORT"] = "0",
            ["MAO_PUBLIC_ENDPOINT"] = settings.PublicEndpoint!,
        };
    }

    /// <summary>Keeps a snapshot at a site as its tool run does: the site's own library (blob + table, git), built in this process.</summary>
    public async Task<SnapshotPointer> KeepAsync(string site, Snapshot snapshot, CancellationToken ct)
    {
        var services = new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)).AddFederation(Settings(site));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SnapshotStore>().InitializeAsync(ct);
        return await provider.GetRequiredService<ISnapshotLibrary>().KeepAsync(snapshot, ct);
    }

    /// <summary>POST /api/rounds with the operator key the site wrote to &lt;data&gt;/api-key.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> StartRoundAsync(string site, StartRoundBody body, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Api(site), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(ApiKeys.Header, SiteIdentity.ApiKey(Settings(site)));
        using var response = await http.PostAsJsonAsync("api/rounds", body, MaoJson.Options, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The round's status at its announcer, or null while the host is down or does not know the round yet.</summary>
    public async Task<RoundStatus?> StatusAsync(string site, string tool, string round, CancellationToken ct)
    {
        using var api = new ApiClient(Api(site));
        try
        {
            var (status, body) = await api.GetAsync($"api/rounds/{tool}/{round}", ct);
            return status == HttpStatusCode.OK ? body.Deserialize<RoundStatus>(MaoJson.Options) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Polls the announcer until <paramref name="until"/> holds for the round's status; rides out restarts.</summary>
    public async Task<RoundStatus> WaitStatusAsync(string site, string tool, string round, Func<RoundStatus, bool> until, CancellationToken ct)
    {
        while (true)
        {
            if (await StatusAsync(site, tool, round, ct) is { } status && until(status))
            {
                return status;
            }
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Waits until the round ended at its announcer and returns its result; fails when it did not complete.</summary>
    public async Task<RoundStatus> WaitFinishedAsync(string site, string tool, string round, CancellationToken ct)
    {
        var status = await WaitStatusAsync(site, tool, round, s => s.RuntimeStatus is not ("Running" or "Pending"), ct);
        Assert.True(status is { RuntimeStatus: "Completed", Result: not null },
            $"round {tool}/{round} ended {status.RuntimeStatus}: {status.Failure}\n{_running[site].LogTail()}");
        return status;
    }

    /// <summary>The raw etcd entry of the verified result <paramref name="announcer"/> published: its Version counts the writes to the key.</summary>
    public Task<RegistryEntry?> VerifiedEntryAsync(string announcer, string tool, string period, CancellationToken ct) =>
        _etcd.GetAsync(Keys.Verified(tool, period, announcer), ct);

    public Task<RegistryEntry?> EntryAsync(string key, CancellationToken ct) => _etcd.GetAsync(key, ct);

    /// <summary>Ground-truth commits and verified/* tags in the site's pushed dataset ({remote}/{tool}.git).</summary>
    public (int Commits, string[] Tags) PublishedInRemote(string site, string tool)
    {
        using var remote = DatasetRepository.OpenOrInit(Settings(site).GitRemote!, tool);
        using var git = new LibGit2Sharp.Repository(remote.Path);
        var tags = git.Tags.Select(t => t.FriendlyName).Where(t => t.StartsWith("verified/", StringComparison.Ordinal)).ToArray();
        return (remote.History(DatasetRepository.GroundTruthBranch).Count, tags);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _running.Values)
        {
            process.Dispose();
        }
        _etcd.Dispose();
        await Task.Yield();
        _root.Dispose();
    }
}
