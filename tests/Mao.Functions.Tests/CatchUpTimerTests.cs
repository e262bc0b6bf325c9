using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Rounds;
using Mao.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static Mao.Functions.Tests.TriggerRequests;

namespace Mao.Functions.Tests;

/// <summary>
/// The catch-up timer delivers an answer written to etcd while nothing watched (the site host's answer relay is off,
/// as a Functions app scaled to zero has none), exactly once: a second run finds nothing new after its cursor.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class CatchUpTimerTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task CatchUp_AnswerWrittenWhileNobodyWatched_IsDeliveredOnceAndTheRoundCompletes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        await using var test = await FunctionsTestSite.StartAsync(azurite, etcd, ct, options =>
        {
            options.AnswerRelayEnabled = false;
            options.AnswerWindow = TimeSpan.FromSeconds(90);
        });
        await test.Site.Services.GetRequiredService<ISnapshotLibrary>().KeepAsync(FunctionsTestSite.Measurement("site-a"), ct);
        var peer = await test.JoinPeerAsync("site-b", ct);
        var client = test.Site.Client;
        var timer = test.Create<CatchUpFunctions>();
        // A first run before the round sets the cursors past everything already in the registry (the peer's card, keys).
        await timer.CatchUpAsync(new TimerInfo(), client, ct);
        var start = Json(new StartRoundBody(FunctionsTestSite.Tool, ExpectedPeers: ["site-b"]));
        start.Headers[ApiKeys.Header] = SiteIdentity.ApiKey(test.Settings);
        Assert.Equal(202, ((Microsoft.AspNetCore.Mvc.ContentResult)await test.Create<RoundHttpFunctions>().StartAsync(start, client, ct)).StatusCode);
        var instance = RoundInstance.Id(FunctionsTestSite.Tool, "2026-11-27");
        await WaitAnnouncedAsync(test, ct);

        await peer.AnswerAsync(new RoundAnswer(FunctionsTestSite.Tool, "2026-11-27", "site-b", 1, AnswerKind.Accept), ct);
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await client.GetInstanceAsync(instance, ct))!.RuntimeStatus);
        await timer.CatchUpAsync(new TimerInfo(), client, ct);
        var second = await test.Functions.GetRequiredService<FederationCatchUp>().RunAsync(test.Functions.GetRequiredService<FrontDoors>().Intake(client), ct);
        var done = await client.WaitForInstanceCompletionAsync(instance, getInputsAndOutputs: true, ct);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<RoundResult>()!;
        Assert.Equal(["site-b"], result.Answered);
        Assert.Equal(["site-b"], result.Verified.Accepted);
        Assert.Equal((0, 0), (second.AnswersRead, second.AnswersDelivered));
        var cursor = await test.Functions.GetRequiredService<CatchUpCursors>().ReadAsync(FederationCatchUp.Answers, ct);
        var answerRevision = (await test.Site.Services.GetRequiredService<Mao.Federation.Registry.FederationRegistry>()
            .ReadAnswersSinceAsync(0, ct)).Events.Single().Change.ModRevision;
        Assert.True(cursor.Revision >= answerRevision, $"answers cursor {cursor.Revision} is behind the answer's revision {answerRevision}");
    }

    /// <summary>The round is collecting once its announcement is in the registry: only then do peers answer.</summary>
    private static async Task WaitAnnouncedAsync(FunctionsTestSite test, CancellationToken ct)
    {
        var registry = test.Site.Services.GetRequiredService<Mao.Federation.Registry.FederationRegistry>();
        while (await registry.ReadAnnouncementAsync(FunctionsTestSite.Tool, "2026-11-27", "site-a", ct) is null)
        {
            await Task.Delay(200, ct);
        }
    }
}
