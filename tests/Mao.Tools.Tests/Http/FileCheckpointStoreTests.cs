using Mao.Tools.Crawling;

namespace Mao.Tools.Tests.Http;

public class FileCheckpointStoreTests
{
    [Fact]
    public async Task LoadAsync_AfterAppends_ReturnsEntriesInOrder()
    {
        var store = TestCrawlers.Checkpoints();
        await store.AppendAsync("dockerhub-tags/2020-02-16", new CheckpointEntry("library/a", "[1]"), CancellationToken.None);
        await store.AppendAsync("dockerhub-tags/2020-02-16", new CheckpointEntry("library/b", "[2]"), CancellationToken.None);
        var entries = await store.LoadAsync("dockerhub-tags/2020-02-16", CancellationToken.None);
        Assert.Equal(["library/a", "library/b"], entries.Select(e => e.Unit));
        Assert.Empty(await store.LoadAsync("another-crawl", CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_TornLastLine_KeepsWholeEntriesOnly()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mao-checkpoints-" + Guid.NewGuid().ToString("N"));
        var store = new FileCheckpointStore(directory);
        await store.AppendAsync("c", new CheckpointEntry("u1", "[]"), CancellationToken.None);
        await store.AppendAsync("c", new CheckpointEntry("u2", "[]"), CancellationToken.None);
        var file = Directory.GetFiles(directory).Single();
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..^10]); // a crash in the middle of the second write
        var entries = await store.LoadAsync("c", CancellationToken.None);
        Assert.Equal(["u1"], entries.Select(e => e.Unit));
    }

    [Fact]
    public async Task AppendAsync_ManyAtOnceForTwoCrawls_EveryEntryOnceInItsCrawl()
    {
        var store = TestCrawlers.Checkpoints();
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => store.AppendAsync(i % 2 == 0 ? "even" : "odd", new CheckpointEntry($"unit-{i}", $"[{i}]"), CancellationToken.None))));
        var even = await store.LoadAsync("even", CancellationToken.None);
        var odd = await store.LoadAsync("odd", CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"unit-{2 * i}").Order(), even.Select(e => e.Unit).Order());
        Assert.Equal(100, odd.Select(e => e.Unit).Distinct().Count());
    }

    [Fact]
    public async Task ClearAsync_ForgetsTheCrawl()
    {
        var store = TestCrawlers.Checkpoints();
        await store.AppendAsync("c", new CheckpointEntry("u1", "[]"), CancellationToken.None);
        await store.ClearAsync("c", CancellationToken.None);
        Assert.Empty(await store.LoadAsync("c", CancellationToken.None));
    }
}
