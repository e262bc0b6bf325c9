using Mao.Core.Verification;
using Mao.Federation.Configuration;
using Mao.Federation.Rounds;
using Mao.Testing;

namespace Mao.Federation.Tests.Rounds;

/// <summary>The per-tool agreement history in a real Azure Table (Azurite): counted once per round, read as it stood before a round.</summary>
[Collection(RoundsCollection.Name)]
public sealed class SiteAgreementHistoryTests(AzuriteFixture azurite)
{
    private const string Tool = "dockerhub-arch";
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(60);

    private SiteAgreementHistory NewHistory() => new(new FederationSettings
    {
        SiteId = "site-a",
        DataDirectory = Path.GetTempPath(),
        StorageConnectionString = azurite.ConnectionString,
        SnapshotTable = "h" + Guid.NewGuid().ToString("N")[..12], // the table is named after it: one per test
    });

    [Fact]
    public async Task Record_AddsUpOverRounds_ARoundRecordedAgainCountsOnce()
    {
        var history = NewHistory();

        var first = await history.RecordAsync(Tool, "round-1", [new("site-a", 4, 10, 0), new("site-c", 4, 4, 6)], _timeout);
        var repeated = await history.RecordAsync(Tool, "round-1", [new("site-a", 4, 10, 0), new("site-c", 4, 4, 6)], _timeout);
        var second = await history.RecordAsync(Tool, "round-2", [new("site-a", 2, 5, 1), new("site-b", 2, 6, 0), new("site-c", 2, 1, 5)], _timeout);
        var beforeThird = await history.BeforeAsync(Tool, "round-3", _timeout);

        Assert.Equal((true, false, true), (first, repeated, second));
        Assert.Equal(new SiteTrack(15, 16), beforeThird.Sites["site-a"]);
        Assert.Equal(new SiteTrack(6, 6), beforeThird.Sites["site-b"]);
        Assert.Equal(new SiteTrack(5, 16), beforeThird.Sites["site-c"]);
        Assert.Empty((await history.BeforeAsync("other-tool", "round-3", _timeout)).Sites);
    }

    [Fact]
    public async Task Before_ARoundAlreadyRecorded_LeavesItsOwnContributionOut()
    {
        var history = NewHistory();
        await history.RecordAsync(Tool, "round-1", [new("site-a", 4, 10, 0), new("site-c", 4, 4, 6)], _timeout);
        var beforeSecond = await history.BeforeAsync(Tool, "round-2", _timeout);
        await history.RecordAsync(Tool, "round-2", [new("site-a", 2, 5, 1), new("site-c", 2, 0, 6)], _timeout);

        var beforeSecondAgain = await history.BeforeAsync(Tool, "round-2", _timeout); // the verify activity re-runs round 2
        var beforeFirst = await history.BeforeAsync(Tool, "round-1", _timeout);

        Assert.Equal(beforeSecond.Sites.OrderBy(s => s.Key), beforeSecondAgain.Sites.OrderBy(s => s.Key));
        Assert.Equal(new SiteTrack(4, 10), beforeSecondAgain.Sites["site-c"]);
        Assert.Equal(new SiteTrack(5, 6), beforeFirst.Sites["site-a"]); // round 2 only
        Assert.Equal(new SiteTrack(0, 6), beforeFirst.Sites["site-c"]);
    }

    [Fact]
    public async Task Record_ConcurrentRoundsOfOneTool_NeitherIsLost()
    {
        var history = NewHistory();

        var recorded = await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            history.RecordAsync(Tool, $"round-{i}", [new("site-a", 1, 1, 1)], _timeout)));

        Assert.All(recorded, Assert.True);
        Assert.Equal(new SiteTrack(6, 12), (await history.BeforeAsync(Tool, "round-9", _timeout)).Sites["site-a"]);
    }
}
