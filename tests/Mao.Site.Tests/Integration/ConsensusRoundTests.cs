using System.Net;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Local;
using Mao.Orchestrations.Rounds;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Integration;

/// <summary>
/// The consensus round on the self-hosted durable host over real Azurite, driven through the real HTTP API:
/// external events (answers), fan-out (one fetch per answering peer), a durable timer (the answer deadline).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConsensusRoundTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _data = new("mao-round");

    [Fact]
    public async Task RoundWithAllPeersAnswering_FansOutFetchesAndPublishesTheVerifiedGroundTruth()
    {
        using var timeout = TestSites.Timeout();
        var ct = timeout.Token;
        await using var site = await TestSites.StartAsync(TestSites.Options(azurite, _data.Combine("site-a")), ct);
        var own = await site.Services.GetRequiredService<FolderSnapshotSource>().SaveOwnAsync(
            TestSnapshots.Make("site-a", ("nginx", 10, "amd64", ["web"]), ("redis", 4, "arm64", ["db"])), ct);
        var b = TestSnapshots.WritePeer(_data.Path, TestSnapshots.Make("site-b", ("nginx", 20, "amd64", ["web"]), ("redis", 5, "arm64", ["db"])));
        // site-c lies on everything but one value: it is outvoted, its latencies are excluded as outliers,
        // and it does not support the result.
        var c = TestSnapshots.WritePeer(_data.Path, TestSnapshots.Make("site-c", ("nginx", 5000, "s390x", ["web"]), ("redis", 900, "ppc64le", ["cache"])));
        using var api = new ApiClient(site.ApiAddress);

        var started = await api.PostAsync("api/rounds", new StartRoundBody(TestSnapshots.Tool, "r1", own, ["site-b", "site-c", "site-d"],
            AnswerWindowSeconds: 120), ct);
        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        foreach (var answer in new[] { new RoundAnswer("site-c", false, c), new RoundAnswer("site-d", true), new RoundAnswer("site-b", false, b) })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("api/rounds/r1/answers", answer, ct)).Status);
        }
        var status = await api.WaitFinishedAsync("r1", ct);

        Assert.Equal("Completed", status.RuntimeStatus);
        var result = status.Result!;
        Assert.Equal(["site-b", "site-c", "site-d"], result.Answered);
        Assert.Empty(result.TimedOut);
        Assert.Equal(["site-d"], result.Accepted);
        Assert.Equal(["site-a", "site-b"], result.Support);
        Assert.Contains(result.Excluded, e => e.StartsWith("site-c: ", StringComparison.Ordinal));
        Assert.True(result.Published);
        var truth = TestSnapshots.Read(result.GroundTruth.Location);
        Assert.Equal(result.GroundTruth.ContentId, truth.ContentId);
        Assert.Equal(["nginx", "redis"], truth.Records.Select(r => r.Key));
        Assert.Equal((10 + 20) / 2.0, truth.Records[0].Values[0].Number);
        Assert.Equal((4 + 5) / 2.0, truth.Records[1].Values[0].Number);
        Assert.Equal("amd64", truth.Records[0].Values[1].Text);
        Assert.Equal(["db"], truth.Records[1].Values[2].Set);
        // Fan-out: exactly one fetch per peer that answered with a snapshot, none for the accepting one.
        var fetches = new ActivityJournal(new SiteDataFolder(_data.Combine("site-a"))).ReadAll().Where(e => e.Activity == "fetch").ToArray();
        Assert.Equal(["site-b", "site-c"], fetches.Select(e => e.Site).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RoundWithASilentPeer_EndsAtTheDurableTimerAndReportsItTimedOut()
    {
        using var timeout = TestSites.Timeout();
        var ct = timeout.Token;
        await using var site = await TestSites.StartAsync(TestSites.Options(azurite, _data.Combine("site-a")), ct);
        var own = await site.Services.GetRequiredService<FolderSnapshotSource>().SaveOwnAsync(
            TestSnapshots.Make("site-a", ("nginx", 10, "amd64", ["web"])), ct);
        using var api = new ApiClient(site.ApiAddress);
        var window = TimeSpan.FromSeconds(6);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await api.PostAsync("api/rounds", new StartRoundBody(TestSnapshots.Tool, "r2", own, ["site-b", "site-e"],
            AnswerWindowSeconds: (int)window.TotalSeconds), ct);
        await api.PostAsync("api/rounds/r2/answers", new RoundAnswer("site-b", true), ct);
        var status = await api.WaitFinishedAsync("r2", ct);

        Assert.Equal("Completed", status.RuntimeStatus);
        Assert.Equal(["site-e"], status.Result!.TimedOut);
        Assert.Equal(["site-b"], status.Result.Answered);
        Assert.Equal(["site-a"], status.Result.Support);
        // Azure Storage timers may fire about a second early, never much earlier.
        Assert.True(clock.Elapsed > window - TimeSpan.FromSeconds(1.5), $"finished after {clock.Elapsed}, before the {window} deadline");
        // The round's answers are closed now: a late answer is refused, not lost silently.
        var late = await api.PostAsync("api/rounds/r2/answers", new RoundAnswer("site-e", true), ct);
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
    }

    public void Dispose() => _data.Dispose();
}
