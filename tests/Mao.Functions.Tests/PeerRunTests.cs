using Mao.Core.Model;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.ToolRuns;
using Mao.Testing;
using Mao.Tools.Manifests;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mao.Functions.Tests;

/// <summary>
/// The Functions app's peer side waits for its own run of a round's period as the site host's does, starting the run when
/// it has none: over the first durable client a trigger handed over (none yet: it holds its answer), only for a tool it
/// runs on an enabled timer and a period its schedule measures now. The run itself runs on the real durable backend.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class PeerRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Lint = "dockerfile-lint";

    [Fact]
    public async Task FunctionsPeerAskedForTodayWithNoRun_StartsItsRunOnceItHasAClient_AndAnswersWithItsSnapshot()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var ct = timeout.Token;
        var settings = new Dictionary<string, string?>
        {
            ["Mao:DockerfileLint:Folder"] = SharedData.Path("fixtures/dockerfiles"),
            [ToolSchedules.Variable(Lint)] = "0 0 0 * * *",
        };
        await using var test = await FunctionsTestSite.StartAsync(azurite, etcd, ct, options => options.Federation.Tools = [FunctionsTestSite.Tool, Lint], settings);
        // Only the Functions app's responder answers for site-a here: the backend host's own one is stopped.
        foreach (var hosted in test.Site.Services.GetServices<IHostedService>().OfType<AnnouncementResponder>())
        {
            await hosted.StopAsync(ct);
        }
        var period = Period.Of(DateTimeOffset.UtcNow);
        var runId = ToolRunInstance.Id(Lint, period);
        var peer = await test.JoinPeerAsync("site-p", ct);
        Assert.True((await peer.ClaimRoundAsync(Lint, period, period, DateTimeOffset.UtcNow, ct)).Won);
        var pointer = new SnapshotPointer(new string('c', 64), 100, Lint, ToolManifests.DockerfileLint.Version, "site-p", period, DateTimeOffset.UtcNow,
            [new SnapshotLocation(LocationKind.Http, $"http://127.0.0.1:9/api/snapshots/{new string('c', 64)}")]);
        var round = new RoundAnnouncement(Lint, period, period, "site-p", 1, pointer, [test.Settings.SiteId], DateTimeOffset.UtcNow.AddMinutes(3));
        Assert.True((await peer.AnnounceAsync(round, ct)).Won);
        var responder = test.Create<AnnouncementResponder>();
        var own = test.Functions.GetRequiredService<IOwnMeasurements>();

        // No trigger ran yet, so no client: it holds its answer (it runs the tool), and starts nothing.
        Assert.False(await responder.AnswerAsync(round, ct));
        Assert.Null(await test.Site.Client.GetInstanceAsync(runId, ct));
        Assert.False(await own.MeasuringAsync(Lint, Period.Of(DateTimeOffset.UtcNow.AddDays(-3)), ct)); // a period it would not start: no holding
        // Not a tool it runs on a timer: not measuring. Its timer switched off by the Functions setting: not measuring either.
        Assert.False(await own.MeasuringAsync(ToolManifests.AwsSar.Name, period, ct));
        var disabled = new Dictionary<string, string?>(settings) { [ToolRunTimers.DisabledSetting(ToolRunTimers.DockerfileLint)] = "true" };
        await using (var off = FunctionsTestSite.FunctionsProvider(test.Settings, test.Options.EffectiveTaskHub, disabled))
        {
            Assert.False(await off.GetRequiredService<IOwnMeasurements>().MeasuringAsync(Lint, period, ct));
        }

        // A trigger hands over its client: the next ask starts the run of the period (one: asked again, the same run).
        test.Functions.GetRequiredService<DurableClientHolder>().Offer(test.Site.Client);
        Assert.False(await responder.AnswerAsync(round, ct));
        var started = await test.Site.Client.GetInstanceAsync(runId, ct);
        Assert.NotNull(started);
        Assert.False(await own.MeasuringAsync(Lint, Period.Of(DateTimeOffset.UtcNow.AddDays(-3)), ct));
        Assert.Null(await test.Site.Client.GetInstanceAsync(ToolRunInstance.Id(Lint, Period.Of(DateTimeOffset.UtcNow.AddDays(-3))), ct));
        while (!await responder.AnswerAsync(round, ct))
        {
            await Task.Delay(500, ct);
        }

        var done = await test.Site.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, ct);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<ToolRunResult>()!;
        Assert.Equal("joined", result.RoundOutcome);
        Assert.Equal(started.CreatedAt, done.CreatedAt);
        var answers = await peer.ReadAnswersAsync(Lint, period, ct);
        var answer = Assert.Single(answers, a => a.Accepted?.Message.Site == test.Settings.SiteId).Accepted!.Message;
        Assert.Equal(AnswerKind.Snapshot, answer.Kind);
        Assert.Equal(result.ContentId, answer.Snapshot!.ContentId);
        Assert.False(await own.MeasuringAsync(Lint, period, ct)); // kept: nothing under way, nothing started again
        Assert.Equal(started.CreatedAt, (await test.Site.Client.GetInstanceAsync(runId, ct))!.CreatedAt);
    }
}
