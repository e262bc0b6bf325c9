using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mao.Core.Serialization;
using Mao.Faults.Tests.Support;
using Mao.Federation.Store;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Rounds;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Pipeline;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Faults.Tests;

/// <summary>
/// Storage (Azurite: the task hub's queues and tables, the snapshot blobs and index) stops for several seconds in the
/// middle of a round and of a tool run, then comes back on the same ports and data: both carry on and finish, and each
/// effect happens once. Each test stops its own Azurite (SIGTERM, which keeps its data); the shared one stays up.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class AzuriteOutageTests(EtcdFixture etcd)
{
    private const string Tool = TestSnapshots.Tool;
    private const string Round = "2026-11-27";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task AzuriteStoppedWhileTheRoundCollects_RoundResumesWhenItReturns_PublishedOnce()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        try
        {
            await using var federation = new ProcessFederation(azurite, etcd);
            await federation.StartAsync(ct, "site-a", "site-b");
            await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
            await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", nginxLatency: 10), ct);

            // site-x never answers, so the round is still collecting (its durable timer pending) through the outage.
            var (status, _) = await federation.StartRoundAsync("site-a",
                new StartRoundBody(Tool, ExpectedPeers: ["site-b", "site-x"], AnswerWindowSeconds: 25), ct);
            Assert.Equal(HttpStatusCode.Accepted, status);
            await federation.WaitStatusAsync("site-a", Tool, Round, s => s.Progress is { Stage: RoundProgress.Collecting, Answered: ["site-b"] }, ct);
            await azurite.StopAsync();
            await Task.Delay(Outage, ct);
            var outlived = !federation["site-a"].HasExited && !federation["site-b"].HasExited;
            await azurite.StartAsync();
            var finished = await federation.WaitFinishedAsync("site-a", Tool, Round, ct);

            Assert.True(outlived, "a site host exited while storage was down:\n" + federation["site-a"].LogTail());
            var result = finished.Result!;
            Assert.True(result.Published);
            Assert.Equal(["site-b"], result.Answered);
            Assert.Equal(["site-x"], result.Verified.TimedOut);
            Assert.Equal(new[] { "site-a", "site-b" }, result.Verified.Support.Order(StringComparer.Ordinal));
            await AnnouncerKillTests.AssertPublishedOnceAsync(federation, ct);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task AzuriteStoppedWhileAToolRunFetches_RunResumesWhenItReturns_SnapshotKeptOnce()
    {
        const string helm = "artifacthub-helm";
        const int packages = 12 * 60;
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        try
        {
            // Each page is answered after 1.5 s: units are in flight when storage goes.
            await using var replay = await PipelineBed.ArtifactHubAsync(packages, TimeSpan.FromSeconds(1.5));
            await using var federation = new TestFederation(azurite, etcd);
            var options = PipelineBed.Site(federation, "site-a", helm, replay, schedule: null);
            var site = await federation.StartAsync(options, ct);
            var period = PipelineBed.Today;
            using (var http = federation.Http("site-a"))
            {
                http.DefaultRequestHeaders.Add(ApiKeys.Header, Mao.Federation.Rounds.SiteIdentity.ApiKey(options.Federation));
                using var started = await http.PostAsJsonAsync("api/runs", new StartRunBody(helm), MaoJson.Options, ct);
                Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
                while (await UnitsDoneAsync(http, helm, period, ct) < 2)
                {
                    await Task.Delay(100, ct);
                }
            }
            await azurite.StopAsync();
            await Task.Delay(Outage, ct);
            await azurite.StartAsync();
            var run = await PipelineBed.WaitRunAsync(site, helm, period, ct);

            Assert.Equal(packages, run.Records);
            Assert.Equal(12, run.Units);
            var store = site.Services.GetRequiredService<SnapshotStore>();
            var day = DateTimeOffset.ParseExact(period, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
            var kept = await store.Index.BetweenAsync(helm, day, day.AddDays(1), ct);
            Assert.Equal([run.ContentId], kept.Where(e => e.Site == "site-a").Select(e => e.ContentId));
            Assert.Equal(run.ContentId, (await store.GetAsync(run.ContentId, ct)).ContentId);
            var remote = Path.Combine(options.Federation.GitRemote!, helm + ".git");
            Assert.Equal("1", GitRepositories.Git(remote, "rev-list", "--count", "sites/site-a").Trim());
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>Units done so far by GET /api/runs/{tool}/{period}; 0 while the run has no progress yet.</summary>
    private static async Task<int> UnitsDoneAsync(HttpClient http, string tool, string period, CancellationToken ct)
    {
        using var response = await http.GetAsync($"api/runs/{tool}/{period}", ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return 0;
        }
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        return status.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object
            ? progress.GetProperty("unitsDone").GetInt32()
            : 0;
    }
}
