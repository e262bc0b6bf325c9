using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Federation.Tests.Registry;
using Mao.Testing;

namespace Mao.Federation.Tests.Rounds;

/// <summary>site-b's responder answers site-a's announcements: its comparable snapshot, else accept (recorded).</summary>
[Collection(RoundsCollection.Name)]
public sealed class AnnouncementResponderTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 6, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(90);

    [Fact]
    public async Task Responder_AnswersSnapshotWhenComparable_ElseAcceptsAndRecords_IgnoresRoundsNotAskingIt_AndARestartChangesNothing()
    {
        var root = TestSite.NewRoot();
        await using var a = await RoundSite.StartAsync("site-a", root, azurite, etcd, _timeout);
        await using var b = await RoundSite.StartAsync("site-b", root, azurite, etcd, _timeout);
        var comparable = await b.Library.KeepAsync(b.Snapshot(Day1.AddHours(2), "1.4.0"), _timeout);
        await b.Library.KeepAsync(b.Snapshot(Day1.AddDays(1), "2.0.0", seed: 2), _timeout); // next day, other major version
        var day1 = await a.Library.KeepAsync(a.Snapshot(Day1), _timeout);
        var day2 = await a.Library.KeepAsync(a.Snapshot(Day1.AddDays(1), seed: 3), _timeout);
        // Announced before the responder starts (read on start) and while it runs (watched); the first does not ask site-b.
        await a.Registry.AnnounceAsync(Announcement("r-other", day1, ["site-c"]), _timeout);
        await a.Registry.AnnounceAsync(Announcement("r-day1", day1, ["site-b", "site-c"]), _timeout);

        var responder = b.Responder();
        await responder.StartAsync(_timeout);
        await a.Registry.AnnounceAsync(Announcement("r-day2", day2, ["site-b"]) with { AnswerBy = DateTimeOffset.UtcNow.AddHours(-1) }, _timeout); // late: still answered
        var snapshotAnswer = await AnswerOfAsync(a, "r-day1");
        var acceptAnswer = await AnswerOfAsync(a, "r-day2");
        await responder.StopAsync(_timeout);
        var record = await b.Accepted.GetAsync("dockerhub-arch", "2026-11-02", _timeout);

        Assert.Equal(AnswerKind.Snapshot, snapshotAnswer.Kind);
        Assert.Equal(comparable.ContentId, snapshotAnswer.Snapshot!.ContentId);
        Assert.Equal(comparable.Locations, snapshotAnswer.Snapshot.Locations);
        Assert.Equal(AnswerKind.Accept, acceptAnswer.Kind);
        Assert.Null(acceptAnswer.Snapshot);
        Assert.Equal(("r-day2", "site-a", day2.ContentId, AcceptedMeasurements.Unverified), (record!.Round, record.Announcer, record.AnnouncedContentId, record.State));
        Assert.Null(await b.Accepted.GetAsync("dockerhub-arch", "2026-11-01", _timeout));
        // Watched in revision order: r-other came before r-day1 was answered, and was not answered.
        Assert.Empty(await a.Registry.ReadAnswersAsync("dockerhub-arch", "r-other", _timeout));

        // A restart reads every announcement again: the answers and the record stay as they were.
        var again = b.Responder();
        await again.StartAsync(_timeout);
        await Task.Delay(TimeSpan.FromSeconds(1), _timeout);
        await again.StopAsync(_timeout);
        Assert.Equal(snapshotAnswer, await AnswerOfAsync(a, "r-day1"), AnswerComparer);
        Assert.Equal(acceptAnswer, await AnswerOfAsync(a, "r-day2"));
        Assert.Equal(record, await b.Accepted.GetAsync("dockerhub-arch", "2026-11-02", _timeout));
        Assert.Empty(await a.Registry.ReadAnswersAsync("dockerhub-arch", "r-other", _timeout));
    }

    [Fact]
    public async Task Responder_ShardedRoundNamingIt_WaitsForItsOwnShardInsteadOfAccepting_AcceptsOnlyPastTheDeadline()
    {
        var root = TestSite.NewRoot();
        await using var a = await RoundSite.StartAsync("site-a", root, azurite, etcd, _timeout);
        await using var b = await RoundSite.StartAsync("site-b", root, azurite, etcd, _timeout);
        var day1 = await a.Library.KeepAsync(a.Snapshot(Day1), _timeout);
        var day2 = await a.Library.KeepAsync(a.Snapshot(Day1.AddDays(1), seed: 3), _timeout);
        var plan = new Mao.Core.Sharding.ShardPlan(["site-a", "site-b"], 1);
        var responder = b.Responder();
        await responder.StartAsync(_timeout);
        await a.Registry.AnnounceAsync(Announcement("r-sharded", day1, ["site-b"]) with { Shards = plan }, _timeout);
        await a.Registry.AnnounceAsync(Announcement("r-sharded-late", day2, ["site-b"]) with { Shards = plan, AnswerBy = DateTimeOffset.UtcNow.AddHours(-1) }, _timeout);

        // A deadline beyond the 7-day answer window is not waited for either: answered at once.
        var day3 = await a.Library.KeepAsync(a.Snapshot(Day1.AddDays(2), seed: 4), _timeout);
        await a.Registry.AnnounceAsync(Announcement("r-sharded-far", day3, ["site-b"]) with { Shards = plan, AnswerBy = DateTimeOffset.UtcNow.AddDays(30) }, _timeout);

        // Past its deadline a sharded round is accepted as before; the open one gets no answer while site-b has no shard.
        Assert.Equal(AnswerKind.Accept, (await AnswerOfAsync(a, "r-sharded-late")).Kind);
        Assert.Equal(AnswerKind.Accept, (await AnswerOfAsync(a, "r-sharded-far")).Kind);
        await Task.Delay(TimeSpan.FromSeconds(2), _timeout);
        Assert.Empty(await a.Registry.ReadAnswersAsync("dockerhub-arch", "r-sharded", _timeout));
        Assert.Null(await b.Accepted.GetAsync("dockerhub-arch", "2026-11-01", _timeout));

        // site-b's run keeps its shard: the held answer goes out with it.
        var shard = await b.Library.KeepAsync(b.Snapshot(Day1.AddHours(2), "1.4.0"), _timeout);
        var answer = await AnswerOfAsync(a, "r-sharded");
        await responder.StopAsync(_timeout);
        Assert.Equal(AnswerKind.Snapshot, answer.Kind);
        Assert.Equal(shard.ContentId, answer.Snapshot!.ContentId);
    }

    [Fact]
    public async Task Responder_WhileItsOwnRunOfThePeriodIsUnderWay_AnswersWithTheSnapshotOnceKept_ButAcceptsNearTheDeadline()
    {
        var root = TestSite.NewRoot();
        await using var a = await RoundSite.StartAsync("site-a", root, azurite, etcd, _timeout);
        await using var b = await RoundSite.StartAsync("site-b", root, azurite, etcd, _timeout);
        var day1 = await a.Library.KeepAsync(a.Snapshot(Day1), _timeout);
        var day2 = await a.Library.KeepAsync(a.Snapshot(Day1.AddDays(1), seed: 3), _timeout);
        var responder = b.Responder(new AlwaysUnderWay());
        await responder.StartAsync(_timeout);

        // Under way, the deadline far: no answer yet; once the run keeps its snapshot, the waiting loop answers with it.
        await a.Registry.AnnounceAsync(Announcement("r-wait", day1, ["site-b"]), _timeout);
        await Task.Delay(TimeSpan.FromSeconds(1.5), _timeout);
        Assert.Empty(await a.Registry.ReadAnswersAsync("dockerhub-arch", "r-wait", _timeout));
        Assert.Null(await b.Accepted.GetAsync("dockerhub-arch", "2026-11-01", _timeout));
        var kept = await b.Library.KeepAsync(b.Snapshot(Day1.AddHours(1)), _timeout);
        var waited = await AnswerOfAsync(a, "r-wait");
        // Under way but within the margin of the deadline: it accepts at once rather than miss the round.
        await a.Registry.AnnounceAsync(Announcement("r-close", day2, ["site-b"]) with { AnswerBy = DateTimeOffset.UtcNow + AnnouncementResponder.AcceptMargin / 2 }, _timeout);
        var close = await AnswerOfAsync(a, "r-close");
        await responder.StopAsync(_timeout);

        Assert.Equal(AnswerKind.Snapshot, waited.Kind);
        Assert.Equal(kept.ContentId, waited.Snapshot!.ContentId);
        Assert.Null(await b.Accepted.GetAsync("dockerhub-arch", "2026-11-01", _timeout));
        Assert.Equal(AnswerKind.Accept, close.Kind);
    }

    /// <summary>This site is always measuring: what a site whose scheduled run of every period is in progress looks like.</summary>
    private sealed class AlwaysUnderWay : IOwnMeasurements
    {
        public Task<bool> UnderWayAsync(string tool, string period, CancellationToken cancellationToken) => Task.FromResult(true);
    }

    private static readonly EqualityComparer<RoundAnswer> AnswerComparer = EqualityComparer<RoundAnswer>.Create(
        (x, y) => x!.Kind == y!.Kind && x.Revision == y.Revision && x.Snapshot?.ContentId == y.Snapshot?.ContentId
            && (x.Snapshot?.Locations ?? []).SequenceEqual(y.Snapshot?.Locations ?? []));

    private static RoundAnnouncement Announcement(string round, SnapshotPointer snapshot, IReadOnlyList<string> peers) =>
        new("dockerhub-arch", round, snapshot.Period, "site-a", 1, snapshot, peers, DateTimeOffset.UtcNow.AddMinutes(5));

    /// <summary>site-b's verified answer to the round as the announcer reads it, waiting for it to appear.</summary>
    private async Task<RoundAnswer> AnswerOfAsync(RoundSite announcer, string round)
    {
        while (true)
        {
            var answers = await announcer.Registry.ReadAnswersAsync("dockerhub-arch", round, _timeout);
            if (answers.FirstOrDefault(e => e.Accepted?.Message.Site == "site-b") is { } answer)
            {
                return answer.Accepted!.Message;
            }
            await Task.Delay(100, _timeout);
        }
    }
}
