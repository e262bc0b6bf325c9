using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Testing;

namespace Mao.Federation.Tests.Rounds;

/// <summary>Publishing ground truth with real Azurite, etcd and git: stored, committed, tagged, pushed, signed, once.</summary>
[Collection(RoundsCollection.Name)]
public sealed class GroundTruthSinkTests(AzuriteFixture azurite, EtcdFixture etcd) : IDisposable
{
    private const string Tool = "dockerhub-arch";
    private static readonly DateTimeOffset Observed = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(90);
    private readonly GitRepositories _git = new();
    private readonly string _root = Registry.TestSite.NewRoot();

    private static Snapshot GroundTruth(int seed = 1) => TestSnapshots.Make(Tool, "ground-truth", Observed, records: 12, seed: seed);

    private string Remote => Path.Combine(_git.Root, "site-a-remote"); // does not exist yet: the sink creates it bare

    [Fact]
    public async Task StageAndPublish_StoredCommittedTaggedPushedAndSigned_ReadableByAnotherSite()
    {
        await using var a = await PublishSite.StartAsync(PublishSite.Name("site-a"), _root, azurite, etcd, Remote, _timeout);
        await using var b = await PublishSite.StartAsync(PublishSite.Name("site-b"), _root, azurite, etcd, null, _timeout);
        var truth = GroundTruth();

        var draft = await a.DraftAsync(truth, "round-1", _timeout);
        var outcome = await a.Sink.PublishAsync(draft, _timeout);

        // Staged: blob + index under its content id, pointer names this site's API.
        Assert.Equal(truth.ContentId, draft.Snapshot.ContentId);
        Assert.Equal("2026-11-01", draft.Period);
        Assert.Equal("ground-truth", draft.Snapshot.Site);
        Assert.Equal($"http://{a.Site}.example:8080/api/snapshots/{truth.ContentId}", Assert.Single(draft.Snapshot.Locations).Address);
        Assert.Equal(truth.ContentId, (await a.Store.Index.LatestAsync(Tool, "ground-truth", _timeout))!.ContentId);
        Assert.Equal(SnapshotJsonLines.ToBytes(truth), await ReadAllAsync(await a.Store.OpenAsync(truth.ContentId, _timeout)));

        // Published: created, with the pushed git location.
        Assert.True(outcome.Created);
        var git = Assert.Single(outcome.Standing.Snapshot.Locations, l => l.Kind == LocationKind.Git);
        var remote = Path.Combine(Remote, Tool + ".git");
        Assert.Equal(remote, git.Address);

        // Git: periods/<period>/ (one part at this size) on ground-truth, tagged verified/round-1, in the local clone and on the remote.
        foreach (var repository in new[] { a.DatasetPath(Tool), remote })
        {
            Assert.Equal(git.Commit, GitRepositories.Git(repository, "rev-parse", "ground-truth").Trim());
            Assert.Equal(git.Commit, GitRepositories.Git(repository, "rev-parse", "verified/round-1^{commit}").Trim());
            Assert.Equal(SnapshotJsonLines.ToBytes(truth), System.Text.Encoding.UTF8.GetBytes(
                GitRepositories.Git(repository, "show", "ground-truth:periods/2026-11-01/part-00000.jsonl")));
        }

        // etcd: signed by site-a at /verified/<site>/<tool>/<period>, verified by another site.
        var raw = (await a.Registry.Etcd.GetAsync(a.Registry.Keys.Verified(Tool, "2026-11-01", a.Site), _timeout))!;
        Assert.Contains("\"format\":\"mao.signed/1\"", raw.Value, StringComparison.Ordinal);
        var read = (await b.Registry.ReadVerifiedAsync(Tool, "2026-11-01", _timeout))!;
        Assert.Equal(a.Site, read.Envelope.Signer);
        Assert.Equal(MaoJson.Write(outcome.Standing), MaoJson.Write(read.Message));
    }

    [Fact]
    public async Task Republish_SameDraft_OnePublicationOneCommitOneTag()
    {
        await using var a = await PublishSite.StartAsync(PublishSite.Name("site-a"), _root, azurite, etcd, Remote, _timeout);
        var draft = await a.DraftAsync(GroundTruth(), "round-1", _timeout);
        var again = await a.DraftAsync(GroundTruth(), "round-1", _timeout); // the verify activity re-run: same pointer

        var first = await a.Sink.PublishAsync(draft, _timeout);
        var second = await a.Sink.PublishAsync(again, _timeout);
        var third = await a.Sink.PublishAsync(draft, _timeout);

        Assert.Equal(MaoJson.Write(draft), MaoJson.Write(again));
        Assert.True(first.Created);
        Assert.True(second.Created); // still this round's result standing
        Assert.True(third.Created);
        Assert.Equal(MaoJson.Write(first.Standing), MaoJson.Write(second.Standing));
        Assert.Equal(MaoJson.Write(first.Standing), MaoJson.Write(third.Standing));
        var entry = (await a.Registry.Etcd.GetAsync(a.Registry.Keys.Verified(Tool, "2026-11-01", a.Site), _timeout))!;
        Assert.Equal(1, entry.Version); // written once
        AssertOneCommitAndTag(a.DatasetPath(Tool), "round-1");
        AssertOneCommitAndTag(Path.Combine(Remote, Tool + ".git"), "round-1");
    }

    [Fact]
    public async Task SecondRound_DifferentResultForTheSamePeriod_LosesAndTheStandingOneIsReturned()
    {
        await using var a = await PublishSite.StartAsync(PublishSite.Name("site-a"), _root, azurite, etcd, Remote, _timeout);
        await using var c = await PublishSite.StartAsync(PublishSite.Name("site-c"), _root, azurite, etcd, null, _timeout);
        var first = await a.Sink.PublishAsync(await a.DraftAsync(GroundTruth(seed: 1), "round-1", _timeout), _timeout);

        var mine = await a.Sink.PublishAsync(await a.DraftAsync(GroundTruth(seed: 2), "round-2", _timeout), _timeout);
        var theirs = await c.Sink.PublishAsync(await c.DraftAsync(GroundTruth(seed: 3), "round-3", _timeout), _timeout);

        foreach (var lost in new[] { mine, theirs })
        {
            Assert.False(lost.Created);
            Assert.Equal("round-1", lost.Standing.Round);
            Assert.Equal(MaoJson.Write(first.Standing), MaoJson.Write(lost.Standing));
        }
        AssertOneCommitAndTag(Path.Combine(Remote, Tool + ".git"), "round-1"); // the losers never reached git
        Assert.Empty(GitRepositories.Git(a.DatasetPath(Tool), "tag", "--list", "verified/round-2").Trim());
        Assert.False(Directory.Exists(c.DatasetPath(Tool)));
    }

    [Fact]
    public async Task RoundWithoutThePeriodsClaim_NotPublished_ClearErrorAndNothingInGitOrEtcd()
    {
        await using var a = await PublishSite.StartAsync(PublishSite.Name("site-a"), _root, azurite, etcd, null, _timeout);
        await using var c = await PublishSite.StartAsync(PublishSite.Name("site-c"), _root, azurite, etcd, Remote, _timeout);
        Assert.True((await a.Registry.ClaimRoundAsync(Tool, "2026-11-01", "round-1", DateTimeOffset.UtcNow, _timeout)).Won);

        var draft = await c.DraftAsync(GroundTruth(seed: 3), "round-3", _timeout); // c's claim comes second
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => c.Sink.PublishAsync(draft, _timeout));

        Assert.Contains($"round round-3 of {c.Site} does not hold the claim of {Tool}/2026-11-01 (won by round round-1 of {a.Site})", error.Message, StringComparison.Ordinal);
        Assert.Null(await c.Registry.Etcd.GetAsync(c.Registry.Keys.Verified(Tool, "2026-11-01", c.Site), _timeout));
        Assert.False(Directory.Exists(Path.Combine(Remote, Tool + ".git")));
        Assert.False(Directory.Exists(c.DatasetPath(Tool)));
    }

    [Fact]
    public async Task PushFails_PublishedAnywayWithoutGitLocation_CommitKeptLocally()
    {
        var blocked = Path.Combine(_git.Root, "blocked");
        Directory.CreateDirectory(blocked);
        await File.WriteAllTextAsync(Path.Combine(blocked, Tool + ".git"), "not a repository", _timeout); // a file where the remote should be
        await using var a = await PublishSite.StartAsync(PublishSite.Name("site-a"), _root, azurite, etcd, blocked, _timeout);

        var outcome = await a.Sink.PublishAsync(await a.DraftAsync(GroundTruth(), "round-1", _timeout), _timeout);

        Assert.True(outcome.Created);
        Assert.Equal(LocationKind.Http, Assert.Single(outcome.Standing.Snapshot.Locations).Kind);
        AssertOneCommitAndTag(a.DatasetPath(Tool), "round-1");
    }

    [Fact]
    public async Task Stage_GroundTruthOfAnotherTool_ClearError()
    {
        await using var a = await PublishSite.StartAsync(PublishSite.Name("site-a"), _root, azurite, etcd, null, _timeout);

        var error = await Assert.ThrowsAsync<Core.MaoFormatException>(() => a.Sink.StageAsync("sar", "round-1", GroundTruth(), _timeout));

        Assert.Contains("dockerhub-arch", error.Message, StringComparison.Ordinal);
        Assert.Contains("round-1", error.Message, StringComparison.Ordinal);
    }

    private static void AssertOneCommitAndTag(string repository, string round)
    {
        Assert.Equal("1", GitRepositories.Git(repository, "rev-list", "--count", DatasetRepository.GroundTruthBranch).Trim());
        Assert.Equal($"verified/{round}", GitRepositories.Git(repository, "tag", "--list").Trim());
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    public void Dispose() => _git.Dispose();
}
