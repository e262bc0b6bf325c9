using Mao.Core;
using Mao.Orchestrations.Local;
using Mao.Orchestrations.Rounds;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Orchestrations;

/// <summary>The folder ports an activity re-run after a crash hits twice: they must find their own work and not redo it.</summary>
public sealed class FolderAdapterTests : IDisposable
{
    private readonly TempFolder _temp = new("mao-folders");
    private readonly SiteDataFolder _folder;
    private readonly ActivityJournal _journal;

    public FolderAdapterTests()
    {
        _folder = new SiteDataFolder(_temp.Combine("site-a"));
        _journal = new ActivityJournal(_folder);
    }

    [Fact]
    public async Task FetchAsync_Twice_CopiesOnceAndReturnsTheSamePointer()
    {
        var peer = TestSnapshots.WritePeer(_temp.Path, TestSnapshots.Make("site-b", ("k", 1, "amd64", [])));
        var source = new FolderSnapshotSource(_folder, _journal);
        var request = new FetchRequest(TestSnapshots.Tool, "r1", "site-b", peer);

        var first = await source.FetchAsync(request, CancellationToken.None);
        var second = await source.FetchAsync(request, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(peer.ContentId, first.ContentId);
        Assert.Equal(["Created", "AlreadyThere"], _journal.ReadAll().Select(e => e.Outcome));
    }

    [Fact]
    public async Task FetchAsync_SnapshotOfAnotherSite_IsRefusedNamingBoth()
    {
        var peer = TestSnapshots.WritePeer(_temp.Path, TestSnapshots.Make("site-c", ("k", 1, "amd64", [])));
        var error = await Assert.ThrowsAsync<MaoFormatException>(() =>
            new FolderSnapshotSource(_folder, _journal).FetchAsync(new FetchRequest(TestSnapshots.Tool, "r1", "site-b", peer), CancellationToken.None));
        Assert.Contains("observed by 'site-c', but 'site-b' answered with it", error.Message);
    }

    [Fact]
    public async Task LoadAsync_ChangedFile_IsCaughtByItsContentId()
    {
        var peer = TestSnapshots.WritePeer(_temp.Path, TestSnapshots.Make("site-b", ("k", 1, "amd64", [])));
        File.WriteAllText(peer.Location, File.ReadAllText(peer.Location).Replace("amd64", "arm64", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<MaoFormatException>(() => new FolderSnapshotSource(_folder, _journal).LoadAsync(peer, CancellationToken.None));

        Assert.StartsWith(peer.Location, error.Message);
        Assert.Contains("but the pointer says", error.Message);
    }

    [Fact]
    public async Task PublishAsync_ReRun_FindsThePublicationAndDoesNotPublishTwice()
    {
        var sink = new FolderGroundTruthSink(_folder, _journal);
        var staged = await sink.StageAsync(TestSnapshots.Tool, "r1", TestSnapshots.Make("ground-truth", ("k", 1, "amd64", [])), CancellationToken.None);
        var request = new PublishRequest(TestSnapshots.Tool, "r1", "site-a", staged, ["site-a"], [], []);

        var first = await sink.PublishAsync(request, CancellationToken.None);
        var again = await sink.PublishAsync(request, CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Single(Directory.GetFiles(_folder.PublishedFolder(TestSnapshots.Tool), "*.json"));
    }

    [Fact]
    public async Task PublishAsync_DifferentResultForAPublishedRound_IsRefusedAndTheFirstKept()
    {
        var sink = new FolderGroundTruthSink(_folder, _journal);
        var staged = await sink.StageAsync(TestSnapshots.Tool, "r1", TestSnapshots.Make("ground-truth", ("k", 1, "amd64", [])), CancellationToken.None);
        await sink.PublishAsync(new PublishRequest(TestSnapshots.Tool, "r1", "site-a", staged, ["site-a"], [], []), CancellationToken.None);
        var before = File.ReadAllText(_folder.Publication(TestSnapshots.Tool, "r1"));

        await Assert.ThrowsAsync<IOException>(() =>
            sink.PublishAsync(new PublishRequest(TestSnapshots.Tool, "r1", "site-a", staged, ["site-a", "site-b"], [], []), CancellationToken.None));

        Assert.Equal(before, File.ReadAllText(_folder.Publication(TestSnapshots.Tool, "r1")));
    }

    [Fact]
    public void Paths_InvalidIds_CannotLeaveTheFolder() =>
        Assert.Throws<MaoFormatException>(() => _folder.PeerSnapshot(TestSnapshots.Tool, "r1", "../../etc"));

    public void Dispose() => _temp.Dispose();
}
