using Mao.Testing;

namespace Mao.Federation.Tests.Store;

[Collection(AzuriteCollection.Name)]
public sealed class SnapshotIndexTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Day0 = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(60);

    [Fact]
    public async Task BetweenAsync_DailySnapshotsOfTwoSites_ReturnsHalfOpenRangeOfThatToolOnly()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        for (var day = 0; day < 10; day++)
        {
            await store.PutAsync(TestSnapshots.Make(site: "site-a", observedAt: Day0.AddDays(day), records: 5, seed: day), _timeout);
            await store.PutAsync(TestSnapshots.Make(site: "site-b", observedAt: Day0.AddDays(day).AddHours(1), records: 5, seed: day), _timeout);
        }
        await store.PutAsync(TestSnapshots.Make(tool: "artifacthub-pkg", observedAt: Day0.AddDays(3), records: 5), _timeout);

        var range = await store.Index.BetweenAsync("dockerhub-arch", Day0.AddDays(2), Day0.AddDays(5), _timeout);

        Assert.Equal(6, range.Count); // days 2, 3, 4 at both sites; day 5 excluded
        Assert.All(range, e => Assert.Equal("dockerhub-arch", e.Tool));
        Assert.Equal(range.OrderBy(e => e.ObservedAt).Select(e => e.ContentId), range.Select(e => e.ContentId));
        Assert.Equal(Day0.AddDays(2), range[0].ObservedAt);
    }

    [Fact]
    public async Task LatestAsync_WrittenOutOfOrder_ReturnsNewestOfThatSite()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        foreach (var day in new[] { 3, 7, 1, 5 })
        {
            await store.PutAsync(TestSnapshots.Make(site: "site-a", observedAt: Day0.AddDays(day), records: 5, seed: day), _timeout);
        }
        var newestOfB = await store.PutAsync(TestSnapshots.Make(site: "site-b", observedAt: Day0.AddDays(9), records: 5), _timeout);

        var latest = await store.Index.LatestAsync("dockerhub-arch", "site-a", _timeout);

        Assert.Equal(Day0.AddDays(7), latest!.ObservedAt);
        Assert.NotEqual(newestOfB.Entry.ContentId, latest.ContentId);
        Assert.Null(await store.Index.LatestAsync("dockerhub-arch", "site-c", _timeout));
    }

    [Fact]
    public async Task RebuildIndexAsync_IndexTableLost_RestoredFromBlobMetadata()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        for (var day = 0; day < 4; day++)
        {
            await store.PutAsync(TestSnapshots.Make(observedAt: Day0.AddDays(day), records: 5, seed: day), _timeout);
        }
        var before = await store.Index.BetweenAsync("dockerhub-arch", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, _timeout);
        var table = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString).GetTableClient(store.Index.Name);
        await table.DeleteAsync(_timeout);
        await table.CreateAsync(_timeout);
        Assert.Empty(await store.Index.BetweenAsync("dockerhub-arch", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, _timeout));

        var rebuilt = await store.RebuildIndexAsync(_timeout);
        var after = await store.Index.BetweenAsync("dockerhub-arch", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, _timeout);

        Assert.Equal(4, rebuilt);
        Assert.Equal(before.Select(e => e.ContentId), after.Select(e => e.ContentId));
        Assert.Equal(Day0.AddDays(3), (await store.Index.LatestAsync("dockerhub-arch", "site-a", _timeout))!.ObservedAt);
    }
}
