using Mao.Orchestrations.Local;
using Mao.Orchestrations.Rounds;
using Mao.Orchestrations.Scheduling;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Integration;

/// <summary>The scheduler's job on a real host: one round per tool over the newest own snapshot, once per occurrence.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScheduledRoundsTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _data = new("mao-sched");

    [Fact]
    public async Task ScheduledJobFiringTwiceForAnOccurrence_StartsOneRoundOverTheNewestSnapshot()
    {
        using var timeout = TestSites.Timeout();
        var ct = timeout.Token;
        var options = TestSites.Options(azurite, _data.Path);
        options.AnswerWindow = TimeSpan.Zero;
        await using var site = await TestSites.StartAsync(options, ct);
        var snapshots = site.Services.GetRequiredService<FolderSnapshotSource>();
        var older = TestSnapshots.Make("site-a", ("nginx", 1, "amd64", []));
        await snapshots.SaveOwnAsync(older, ct);
        var newer = new Mao.Core.Model.Snapshot(older.Header with { ObservedAt = older.Header.ObservedAt.AddDays(1) }, older.Records);
        var newest = await snapshots.SaveOwnAsync(newer, ct);
        var jobs = site.Services.GetRequiredService<ScheduledRounds>();
        var occurrence = new DateTime(2026, 11, 28, 6, 0, 0, DateTimeKind.Utc);

        var first = await jobs.StartDueRoundsAsync(occurrence, ct);
        var second = await jobs.StartDueRoundsAsync(occurrence, ct);

        Assert.Equal(["bench-20261128-060000"], first);
        Assert.Empty(second);
        var done = await site.Client.WaitForInstanceCompletionAsync(first[0], getInputsAndOutputs: true, ct);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(newest.ContentId, done.ReadInputAs<RoundRequest>()!.LocalSnapshot.ContentId);
    }

    [Fact]
    public async Task StartersRacingForOneRoundId_ExactlyOneStartsIt()
    {
        using var timeout = TestSites.Timeout();
        var ct = timeout.Token;
        await using var site = await TestSites.StartAsync(TestSites.Options(azurite, _data.Path), ct);
        var own = await site.Services.GetRequiredService<FolderSnapshotSource>().SaveOwnAsync(TestSnapshots.Make("site-a", ("k", 1, "amd64", [])), ct);
        var request = new RoundRequest(TestSnapshots.Tool, "race1", "site-a", own, [], DateTime.UtcNow);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RoundStarter.TryStartAsync(site.Client, request, ct)));

        Assert.Single(outcomes, started => started);
        var done = await site.Client.WaitForInstanceCompletionAsync("race1", getInputsAndOutputs: true, ct);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.ReadOutputAs<RoundResult>()!.Published);
    }

    public void Dispose() => _data.Dispose();
}
