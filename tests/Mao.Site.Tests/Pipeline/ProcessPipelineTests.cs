using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Scheduling;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Mao.Tools.Manifests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Mao.Site.Tests.Pipeline;

/// <summary>
/// The acquisition pipeline in real `mao site run` processes, configured only through the environment: schedules every
/// 3 s run all four built-in tools against one replay server (AWS SAR, Artifact Hub, Docker Hub with its registry, and
/// Dockerfiles by URL), every site keeps and commits its snapshots, one round per tool publishes the verified ground
/// truth, and a host killed (SIGKILL) mid-crawl resumes without asking for a checkpointed unit again.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class ProcessPipelineTests(AzuriteFixture azurite, EtcdFixture etcd, ITestOutputHelper output)
{
    private const string Sar = "aws-sar";
    private const string Helm = "artifacthub-helm";
    private const string Tags = "dockerhub-tags";
    private const string Lint = "dockerfile-lint";
    private const string Killed = "site-c";
    private const int HelmUnits = 12;
    private static readonly string[] Tools = [Sar, Helm, Tags, Lint];
    private static readonly string[] Sites = ["site-a", "site-b", "site-c"];

    [Fact]
    public async Task ThreeSiteProcessesOnAFastSchedule_KeepCommitAndVerifyEveryTool_KilledHostResumesWithoutRefetching()
    {
        // Bounds a hang only: at load average 55-60 the kill alone came 3.5-4 minutes in (under 1 minute when idle).
        using var timeout = TestSites.Timeout(600);
        var ct = timeout.Token;
        await using var replay = await ReplayServer.StartAsync();
        PipelineBed.MountSar(replay);
        // Pages of Artifact Hub and Docker Hub tags answer slowly, so units are in flight when a host dies.
        PipelineBed.MountArtifactHub(replay, HelmUnits * 60, TimeSpan.FromSeconds(1));
        // Slower after the first batch of 4, so a loaded machine's slow status polls still see the run before its end.
        replay.Slow(r => r.Path == ArtifactHubReplay.SearchPath && r.QueryInt("offset", 0) >= 4 * 60, TimeSpan.FromSeconds(1));
        var world = SyntheticHub.Build("library", repositories: 3, tagsPerRepository: 10, registryEvery: 2);
        var hub = PipelineBed.MountDockerHub(replay, world, pageSize: 5);
        replay.Slow(r => r.Path.EndsWith("/tags", StringComparison.Ordinal), TimeSpan.FromSeconds(1));
        var dockerfiles = MountDockerfiles(replay);
        // Nothing is answered until the three hosts are up, so every round names all three as expected peers.
        replay.Hold();
        await using var federation = new ProcessFederation(azurite, etcd);
        foreach (var site in Sites)
        {
            federation.UseScheduler(site, Environment(site, replay, hub, dockerfiles));
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await federation.StartAsync(ct, Sites);
        var period = PipelineBed.Today;
        replay.Release();
        output.WriteLine($"{clock.Elapsed}: three hosts up");

        // SIGKILL site-c while its Artifact Hub run has units done and units in flight; then note what it had checkpointed.
        await WaitProgressAsync(federation, Killed, Helm, period, unitsDone: 4, ct);
        federation.Kill(Killed);
        var checkpointed = new Dictionary<string, List<string>>
        {
            [Helm] = await CheckpointsAsync(federation, Killed, Helm, period, ct),
            [Tags] = await CheckpointsAsync(federation, Killed, Tags, period, ct),
        };
        output.WriteLine($"{Killed} killed with {checkpointed[Helm].Count} {Helm} and {checkpointed[Tags].Count} {Tags} units checkpointed");
        Assert.InRange(checkpointed[Helm].Count, 4, HelmUnits - 1); // killed mid-run: some units done, some not
        output.WriteLine($"{clock.Elapsed}: {Killed} killed");
        await federation.StartAsync(Killed, ct);
        output.WriteLine($"{clock.Elapsed}: {Killed} up again");

        var runs = new Dictionary<(string Site, string Tool), ToolRunResult>();
        foreach (var site in Sites)
        {
            foreach (var tool in Tools)
            {
                runs[(site, tool)] = await WaitRunAsync(federation, site, tool, period, ct);
            }
        }

        output.WriteLine($"{clock.Elapsed}: every run done");
        // The restarted host asked for no unit it had checkpointed before the kill.
        foreach (var (tool, units) in checkpointed)
        {
            foreach (var unit in units)
            {
                Assert.True(1 == Requests(replay, Killed, tool, unit), $"{Killed} fetched {tool} unit {unit} again after its restart");
            }
        }
        // The others ran each unit once, however often the schedule fired.
        foreach (var site in Sites.Where(s => s != Killed))
        {
            foreach (var unit in Enumerable.Range(0, HelmUnits).Select(i => $"offset:{i * 60}"))
            {
                Assert.Equal(1, Requests(replay, site, Helm, unit));
            }
        }
        foreach (var tool in Tools)
        {
            // The same data everywhere, so the sites' snapshots agree record for record.
            Assert.Single(Sites.Select(s => runs[(s, tool)].Records).Distinct());
            Assert.All(Sites, s => Assert.Equal(period, runs[(s, tool)].Round));
            // The (tool, period) claim gives one round: one site started it, the others joined it.
            Assert.Equal(new[] { "joined", "joined", "started" }, Sites.Select(s => runs[(s, tool)].RoundOutcome).Order(StringComparer.Ordinal));
        }
        Assert.Equal(HelmUnits * 60, runs[("site-a", Helm)].Records);
        Assert.Equal(world.TagCount, runs[("site-a", Tags)].Records);
        Assert.Equal(dockerfiles.Count, runs[("site-a", Lint)].Units);

        foreach (var site in Sites)
        {
            await using var services = Services(federation, site);
            var library = services.GetRequiredService<ISnapshotLibrary>();
            foreach (var tool in Tools)
            {
                var contentId = runs[(site, tool)].ContentId;
                // Blob + table: the index finds it as the site's snapshot of the period, and its bytes load (checked against the id).
                var own = await library.ComparableAsync(tool, period, ToolManifests.Find(tool)!.Version, ct);
                Assert.Equal(contentId, own?.ContentId);
                Assert.Equal(runs[(site, tool)].Records, (await library.LoadAsync(contentId, ct)).Records.Count);
                // Committed to the site's branch of the tool's dataset and pushed to its remote.
                using var remote = DatasetRepository.OpenOrInit(federation.Settings(site).GitRemote!, tool);
                Assert.Contains(remote.History(DatasetRepository.SiteBranch(site)), c => c.Trailers.SnapshotId == contentId);
            }
        }

        await using (var services = Services(federation, "site-a"))
        {
            var registry = services.GetRequiredService<FederationRegistry>();
            foreach (var tool in Tools)
            {
                var announcer = Sites.Single(s => runs[(s, tool)].RoundOutcome == "started");
                var verified = (await WaitVerifiedAsync(registry, tool, period, ct)).Message;
                output.WriteLine($"{tool}: announced by {announcer}; support {string.Join(",", verified.Support)}; accepted {string.Join(",", verified.Accepted)}; "
                    + $"timed out {string.Join(",", verified.TimedOut)}; dissent {string.Join(",", verified.Dissent)}; rejected {string.Join(" | ", verified.Rejected)}");
                output.WriteLine($"{clock.Elapsed}: {tool} verified");
                Assert.Equal(announcer, verified.Site);
                // Every site measured the period itself: the peers still crawling when it was announced answered with
                // their snapshots once kept, and the killed site too: an announcement that reached it after its restart,
                // before its scheduler had started that tool's run again, started the run (OwnToolRuns).
                Assert.True(Sites.SequenceEqual(verified.Support.Order(StringComparer.Ordinal)),
                    $"{tool}: support {string.Join(",", verified.Support)}, timed out {string.Join(",", verified.TimedOut)}, rejected {string.Join(" | ", verified.Rejected)}; "
                    + $"{announcer}'s log:\n{federation.LogLines(announcer, tool)}\n{Killed}'s log:\n{federation.LogLines(Killed, tool)}");
                Assert.Empty(verified.Accepted);
                Assert.Empty(verified.Dissent);
                Assert.Empty(verified.Rejected);
                // Published once: one write of the etcd key, one ground-truth commit and one tag in the announcer's remote.
                Assert.Equal(1, (await federation.VerifiedEntryAsync(announcer, tool, period, ct))!.Version);
                var (commits, tags) = federation.PublishedInRemote(announcer, tool);
                Assert.Equal(1, commits);
                Assert.Equal([DatasetRepository.TagOf(period)], tags);
            }
        }
    }

    [Fact]
    public async Task SiteProcessWhoseJournalSaysItLastRanDaysAgo_RunsOnceOnStart()
    {
        using var timeout = TestSites.Timeout(150);
        var ct = timeout.Token;
        await using var replay = await ReplayServer.StartAsync();
        var applications = PipelineBed.MountSar(replay);
        await using var federation = new ProcessFederation(azurite, etcd);
        const string site = "site-m";
        // Daily at midnight; the journal says the last served occurrence was three days ago: three midnights missed.
        var today = DateTime.UtcNow.Date;
        await new JobJournal(federation.Settings(site)).RecordAsync(SiteScheduler.ToolJob(Sar), today.AddDays(-3), ct);
        var environment = Environment(site, replay, new Dictionary<string, string?>(), []);
        environment["MAO_TOOLS"] = Sar;
        environment[ToolSchedules.Variable(Sar)] = "0 0 0 * * *";
        federation.UseScheduler(site, environment);
        await federation.StartAsync(site, ct);

        var run = await WaitRunAsync(federation, site, Sar, PipelineBed.Today, ct);

        Assert.Equal(applications, run.Records);
        Assert.Equal<DateTime?>(today, await new JobJournal(federation.Settings(site)).LastAsync(SiteScheduler.ToolJob(Sar), ct));
        using var api = new ApiClient(federation.Api(site));
        foreach (var missed in new[] { 1, 2 })
        {
            var day = Period.Of(new DateTimeOffset(today.AddDays(-missed), TimeSpan.Zero));
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/runs/{Sar}/{day}", ct)).Status);
        }
        // One run: the catalogue was read once (pages of 100; a full last page asks for one more).
        Assert.Equal((applications + 99) / 100 + (applications % 100 == 0 ? 1 : 0),
            replay.Count("GET", p => p.EndsWith("/applications/browse", StringComparison.Ordinal)));
    }

    /// <summary>The site's variables: all four tools every 3 s, each crawler at the replay server, a user agent naming the site.</summary>
    private static Dictionary<string, string> Environment(string site, ReplayServer replay, IReadOnlyDictionary<string, string?> hub, IReadOnlyList<string> dockerfiles)
    {
        var settings = new Dictionary<string, string?>(hub)
        {
            ["Mao:Sar:BaseUrl"] = replay.Url("Prod").ToString(),
            ["Mao:ArtifactHub:BaseUrl"] = replay.BaseUrl.ToString(),
            ["Mao:Http:RetryBaseDelay"] = "00:00:00.2",
            // Held requests wait for the last host to start: far longer than an attempt's default 30 s on a loaded machine.
            ["Mao:Http:AttemptTimeout"] = "00:03:00",
            ["Mao:Http:TotalTimeout"] = "00:05:00",
            ["Mao:Http:UserAgent"] = UserAgent(site),
        };
        for (var i = 0; i < dockerfiles.Count; i++)
        {
            settings[$"Mao:DockerfileLint:Urls:{i}"] = replay.Url(dockerfiles[i]).ToString();
        }
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["MAO_TOOLS"] = string.Join(',', Tools);
        foreach (var tool in Tools)
        {
            environment[ToolSchedules.Variable(tool)] = "*/3 * * * * *";
        }
        // The killed site's card outlives its restart, so rounds announced meanwhile still wait for its answer.
        environment["MAO_SITE_TTL_SECONDS"] = "60";
        // Long enough that the killed site's runs, resumed after its restart, keep before the deadline of a round announced
        // before the kill (with 60 s the lint round, announced first, could reach its deadline while site-c was down or
        // resuming: it then accepted or timed out, both as designed). Rounds end as soon as every peer answered.
        environment["MAO_ANSWER_WINDOW_SECONDS"] = "180";
        return environment;
    }

    private static string UserAgent(string site) => $"mao-pipeline-test/{site}";

    /// <summary>The recorded official-image Dockerfiles at dockerfiles/&lt;name&gt;; returns their relative URLs.</summary>
    private static List<string> MountDockerfiles(ReplayServer replay)
    {
        var urls = new List<string>();
        foreach (var file in Directory.GetFiles(SharedData.Path("fixtures/dockerfiles"), "*.Dockerfile").Order(StringComparer.Ordinal))
        {
            var path = "dockerfiles/" + Path.GetFileName(file);
            var body = File.ReadAllBytes(file);
            replay.Map("GET", "/" + path, _ => new ReplayResponse(200, body, "text/plain; charset=utf-8"));
            urls.Add(path);
        }
        return urls;
    }

    /// <summary>GETs a site sent for a unit: an Artifact Hub offset, or a Docker Hub repository's tags page.</summary>
    private static int Requests(ReplayServer replay, string site, string tool, string unit) => replay.Requests.Count(r =>
        r.Method == "GET" && r.Headers.GetValueOrDefault("User-Agent") == UserAgent(site) && tool switch
        {
            Helm => r.Path == ArtifactHubReplay.SearchPath && r.QueryValue("offset") == unit["offset:".Length..],
            Tags => TagsPage(unit) is var (repository, page) && r.Path == $"/v2/namespaces/{repository.Namespace}/repositories/{repository.Name}/tags"
                    && (r.QueryValue("page") ?? "1") == page.ToString(CultureInfo.InvariantCulture),
            _ => throw new ArgumentOutOfRangeException(nameof(tool), tool, "no unit-to-request mapping"),
        });

    private static (Mao.Tools.DockerHub.RepositoryRef, int) TagsPage(string unit) => DockerHubTagsUnits.Parse(unit);

    /// <summary>The units a site has checkpointed for a run (blob names under &lt;tool&gt;/&lt;period&gt;/).</summary>
    private async Task<List<string>> CheckpointsAsync(ProcessFederation federation, string site, string tool, string period, CancellationToken ct)
    {
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(UnitCheckpoints.ContainerOf(federation.Settings(site)));
        var units = new List<string>();
        if (!await container.ExistsAsync(ct))
        {
            return units;
        }
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{tool}/{period}/", ct))
        {
            units.Add(Uri.UnescapeDataString(blob.Name[(blob.Name.LastIndexOf('/') + 1)..^".json".Length]));
        }
        return units;
    }

    /// <summary>GET /api/runs/{tool}/{period}, or null while the run does not exist yet or the host is down.</summary>
    private static async Task<JsonElement?> RunStatusAsync(ProcessFederation federation, string site, string tool, string period, CancellationToken ct)
    {
        using var api = new ApiClient(federation.Api(site));
        try
        {
            var (status, body) = await api.GetAsync($"api/runs/{tool}/{period}", ct);
            return status == HttpStatusCode.OK ? body : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task WaitProgressAsync(ProcessFederation federation, string site, string tool, string period, int unitsDone, CancellationToken ct)
    {
        while (await RunStatusAsync(federation, site, tool, period, ct) is not { } status
               || !status.TryGetProperty("progress", out var progress) || progress.ValueKind != JsonValueKind.Object
               || progress.GetProperty("unitsDone").GetInt32() < unitsDone)
        {
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Waits for the site's run of the tool and period (the scheduler starts it) to end; it must complete.</summary>
    private static async Task<ToolRunResult> WaitRunAsync(ProcessFederation federation, string site, string tool, string period, CancellationToken ct)
    {
        while (true)
        {
            if (await RunStatusAsync(federation, site, tool, period, ct) is { } status
                && status.GetProperty("runtimeStatus").GetString() is { } runtime && runtime is not ("Running" or "Pending"))
            {
                Assert.True(runtime == "Completed", $"run {tool}/{period} at {site} ended {runtime}: {status}\n{federation[site].LogTail()}");
                return status.GetProperty("result").Deserialize<ToolRunResult>(MaoJson.Options)!;
            }
            await Task.Delay(250, ct);
        }
    }

    private static async Task<Verified<VerifiedResult>> WaitVerifiedAsync(FederationRegistry registry, string tool, string period, CancellationToken ct)
    {
        while (true)
        {
            if (await registry.ReadVerifiedAsync(tool, period, ct) is { } verified)
            {
                return verified;
            }
            await Task.Delay(250, ct);
        }
    }

    /// <summary>The site's federation services (library, registry) built in this process from its settings.</summary>
    private static ServiceProvider Services(ProcessFederation federation, string site) =>
        new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)).AddFederation(federation.Settings(site)).BuildServiceProvider();
}
