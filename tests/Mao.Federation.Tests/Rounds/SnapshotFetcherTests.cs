using Mao.Core.Serialization;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Federation.Tests.Registry;
using Mao.Testing;
using Microsoft.AspNetCore.Http;

namespace Mao.Federation.Tests.Rounds;

/// <summary>site-a fetches site-b's snapshots: over its API or its registered git remote, and refuses everything else.</summary>
[Collection(RoundsCollection.Name)]
public sealed class SnapshotFetcherTests(AzuriteFixture azurite, EtcdFixture etcd) : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 6, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(90);
    private readonly TempFolder _remotes = new("mao-remotes");

    [Fact]
    public async Task Http_Fetched_AndFetchingAgainDoesNotAskThePeer()
    {
        var (a, b) = await SitesAsync();
        await using var _ = a;
        await using var __ = b;
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        var httpOnly = pointer with { Locations = [pointer.Locations[0]] };

        var first = await a.Fetcher.FetchAsync(Request(httpOnly), _timeout);
        var second = await a.Fetcher.FetchAsync(Request(httpOnly), _timeout);

        Assert.Equal(FetchOutcome.Fetched("site-b", pointer.ContentId), first);
        Assert.Equal(first, second);
        Assert.Equal(1, b.Server.Requests);
        Assert.Equal(pointer.ContentId, (await a.Store.GetAsync(pointer.ContentId, _timeout)).ContentId);
    }

    [Fact]
    public async Task Git_FetchedFromThePeersRegisteredRemote()
    {
        using var remotes = new GitRepositories();
        using var server = GitServer(remotes);
        var root = TestSite.NewRoot();
        await using var a = await RoundSite.StartAsync("site-a", root, azurite, etcd, _timeout);
        await using var b = await RoundSite.StartAsync("site-b", root, azurite, etcd, _timeout, gitRemote: $"http://127.0.0.1:{server.Port}");
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        var gitOnly = pointer with { Locations = [pointer.Locations[1]] };

        var outcome = await a.Fetcher.FetchAsync(Request(gitOnly), _timeout);

        Assert.Equal(FetchOutcome.Fetched("site-b", pointer.ContentId), outcome);
        Assert.Equal(0, b.Server.Requests);
        Assert.Equal(pointer.ContentId, (await a.Store.GetAsync(pointer.ContentId, _timeout)).ContentId);
    }

    [Fact]
    public async Task Git_RegisteredRemoteIsALocalPath_EvenAFifo_RefusedWithoutReadingIt_NetworkRemoteStillFetched()
    {
        using var remotes = new GitRepositories();
        using var server = GitServer(remotes);
        var root = TestSite.NewRoot();
        await using var a = await RoundSite.StartAsync("site-a", root, azurite, etcd, _timeout, fetchTimeout: TimeSpan.FromSeconds(3));
        await using var b = await RoundSite.StartAsync("site-b", root, azurite, etcd, _timeout, gitRemote: $"http://127.0.0.1:{server.Port}");
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        var commit = pointer.Locations[1].Commit;
        // A FIFO blocks whoever opens it for reading until a writer comes: as the remote itself, and as the config file
        // of an otherwise valid bare repository (libgit2 reads it as it opens the remote). Reading either once stalled
        // libgit2 for good, holding the lock every later git fetch of the tool waits for. Plain folders are refused too.
        var fifo = _remotes.Combine("fifo.git");
        var trap = _remotes.Combine("trap.git");
        var plain = _remotes.Combine("plain.git");
        GitRepositories.Git(_remotes.Path, "clone", "--bare", "--quiet", Path.Combine(remotes.Root, "dockerhub-arch.git"), trap);
        GitRepositories.Git(_remotes.Path, "clone", "--bare", "--quiet", Path.Combine(remotes.Root, "dockerhub-arch.git"), plain);
        File.Delete(Path.Combine(trap, "config"));
        string[] fifos = [fifo, Path.Combine(trap, "config")];
        foreach (var path in fifos)
        {
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path])!;
            await mkfifo.WaitForExitAsync(_timeout);
            Assert.Equal(0, mkfifo.ExitCode);
        }
        try
        {
            foreach (var remote in new[] { fifo, trap, plain, "file://" + plain })
            {
                // Registered by the peer as its dataset remote, so only the kind of address can refuse it.
                await b.Registry.PutDatasetAsync(new DatasetLocation("dockerhub-arch", "site-b", remote, "sites/site-b"), _timeout);
                var outcome = await a.Fetcher.FetchAsync(Request(pointer with { Locations = [new SnapshotLocation(LocationKind.Git, remote, commit)] }), _timeout);

                Assert.Null(outcome.ContentId);
                Assert.Contains($"outside site-b's registered store: Git {remote} (a peer's git remote is fetched only over http, https, ssh or git, never as a local path)",
                    outcome.Problem, StringComparison.Ordinal);
            }
            Assert.False(Directory.Exists(Path.Combine(a.Settings.DataDirectory, "peers")), "a local path was fetched from");
            Assert.Null(await a.Store.Blobs.GetEntryAsync(pointer.ContentId, _timeout));

            var network = await a.Fetcher.FetchAsync(Request(pointer with { Locations = [pointer.Locations[1]] }), _timeout);

            Assert.Equal(FetchOutcome.Fetched("site-b", pointer.ContentId), network);
        }
        finally
        {
            // Releases a reader blocked on a FIFO, should one be (a writer that opens and closes gives it end of file).
            foreach (var path in fifos)
            {
                using var release = System.Diagnostics.Process.Start("timeout", ["2", "sh", "-c", $"printf '' > '{path}'"])!;
                await release.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task Git_PeerRemoteServesACorruptObject_RefusedNamingIt_PeersCloneIntact_FetchedOnceRepaired()
    {
        using var remotes = new GitRepositories();
        var remote = remotes.CreateBare("dockerhub-arch");
        GitRepositories.Git(remote, "config", "http.receivepack", "true");
        using var server = new GitHttpServer(remotes.Root); // smart HTTP: receive-pack leaves a small push loose
        var root = TestSite.NewRoot();
        await using var a = await RoundSite.StartAsync("site-a", root, azurite, etcd, _timeout);
        await using var b = await RoundSite.StartAsync("site-b", root, azurite, etcd, _timeout, gitRemote: $"http://127.0.0.1:{server.Port}");
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        var gitOnly = pointer with { Locations = [pointer.Locations[1]] };
        var blob = GitRepositories.Git(remote, "rev-parse", $"{gitOnly.Locations[0].Commit}:snapshot/part-00000.jsonl").Trim();
        var original = GitRepositories.DamageLooseObject(remote, blob);

        var refused = await a.Fetcher.FetchAsync(Request(gitOnly), _timeout);
        var peers = Path.Combine(a.Settings.DataDirectory, "peers", "dockerhub-arch.git");
        var intact = GitRepositories.Git(peers, "fsck", "--strict", "--no-dangling", "--no-progress");
        var refs = GitRepositories.Git(peers, "for-each-ref");
        GitRepositories.WriteLooseObject(remote, blob, original);
        var fetched = await a.Fetcher.FetchAsync(Request(gitOnly), _timeout);

        Assert.Contains($"names blob {blob} (part-00000.jsonl), which is missing or does not match its content", refused.Problem, StringComparison.Ordinal);
        Assert.NotNull(intact);
        Assert.Empty(refs.Trim()); // the peer's branch never pointed at the damaged history
        // The refused objects were not kept, so the next fetch asks for them again rather than trusting what it has.
        Assert.Equal(FetchOutcome.Fetched("site-b", pointer.ContentId), fetched);
        Assert.Equal(pointer.ContentId, (await a.Store.GetAsync(pointer.ContentId, _timeout)).ContentId);
        Assert.Equal(0, b.Server.Requests);
    }

    [Fact]
    public async Task LocationsOutsideThePeersRegisteredStore_RefusedAndNamed_NothingRead()
    {
        var (a, b) = await SitesAsync();
        await using var _ = a;
        await using var __ = b;
        await using var elsewhere = await RoundSite.StartAsync("site-x", TestSite.NewRoot(), azurite, etcd, _timeout);
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        await elsewhere.Store.PutCanonicalAsync(await b.Store.OpenAsync(pointer.ContentId, _timeout), pointer.ContentId, _timeout);
        var commit = pointer.Locations[1].Commit;
        string[] outside =
        [
            new Uri(elsewhere.Server.BaseUrl, $"api/snapshots/{pointer.ContentId}").ToString(),
            new Uri(b.Server.BaseUrl, $"api/other/{pointer.ContentId}").ToString(),
            new Uri(b.Server.BaseUrl, $"api/snapshots/{pointer.ContentId}?x=1").ToString(),
        ];
        var locations = outside.Select(u => new SnapshotLocation(LocationKind.Http, u))
            .Append(new SnapshotLocation(LocationKind.Git, b.RemoteOf("dockerhub-arch")!.Replace("site-b", "site-x", StringComparison.Ordinal), commit))
            .ToArray();

        foreach (var location in locations.Append(new SnapshotLocation(LocationKind.Git, "file://" + b.RemoteOf("dockerhub-arch"), commit)))
        {
            var outcome = await a.Fetcher.FetchAsync(Request(pointer with { Locations = [location] }), _timeout);
            Assert.Null(outcome.ContentId);
            Assert.Contains($"pointer names a location outside site-b's registered store: {location.Kind} {location.Address}", outcome.Problem, StringComparison.Ordinal);
        }
        Assert.Equal(0, elsewhere.Server.Requests + b.Server.Requests);
        Assert.Null(await a.Store.Blobs.GetEntryAsync(pointer.ContentId, _timeout));
    }

    [Fact]
    public async Task Git_PeerServerAcceptsAndStalls_RefusedAtTheDeadline_LaterGitFetchesOfTheToolStillWork()
    {
        using var remotes = new GitRepositories();
        using var server = GitServer(remotes);
        var root = TestSite.NewRoot();
        await using var a = await RoundSite.StartAsync("site-a", root, azurite, etcd, _timeout, fetchTimeout: TimeSpan.FromSeconds(3));
        await using var b = await RoundSite.StartAsync("site-b", root, azurite, etcd, _timeout, gitRemote: $"http://127.0.0.1:{server.Port}");
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        // A server that takes the connection and never answers: libgit2 has no deadline of its own here.
        var stall = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        stall.Start();
        var held = new List<System.Net.Sockets.TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await stall.AcceptTcpClientAsync(_timeout));
            }
        }, CancellationToken.None);
        try
        {
            var stalled = $"http://127.0.0.1:{((System.Net.IPEndPoint)stall.LocalEndpoint).Port}/dockerhub-arch.git";
            await b.Registry.PutDatasetAsync(new DatasetLocation("dockerhub-arch", "site-b", stalled, "sites/site-b"), _timeout);
            var started = DateTime.UtcNow;
            var refused = await a.Fetcher.FetchAsync(Request(pointer with { Locations = [new SnapshotLocation(LocationKind.Git, stalled, pointer.Locations[1].Commit)] }), _timeout);
            var took = DateTime.UtcNow - started;
            await b.Registry.PutDatasetAsync(new DatasetLocation("dockerhub-arch", "site-b", b.RemoteOf("dockerhub-arch")!, "sites/site-b"), _timeout);
            var honest = await a.Fetcher.FetchAsync(Request(pointer with { Locations = [pointer.Locations[1]] }), _timeout);

            Assert.Contains("did not complete within the fetch deadline of 3 s", refused.Problem, StringComparison.Ordinal);
            Assert.True(took < TimeSpan.FromSeconds(30), $"refused after {took}");
            // The abandoned read, still blocked in libgit2, must not hold up the next git fetch of the tool.
            Assert.Equal(FetchOutcome.Fetched("site-b", pointer.ContentId), honest);
        }
        finally
        {
            stall.Stop();
            foreach (var client in held)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task ContentIdMismatch_Refused()
    {
        var (a, b) = await SitesAsync();
        await using var _ = a;
        await using var __ = b;
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        var other = SnapshotJsonLines.ToBytes(b.Snapshot(Day1, seed: 9));
        b.Server.Override = context => context.Response.Body.WriteAsync(other, 0, (int)Math.Min(other.Length, pointer.Size), context.RequestAborted);

        var outcome = await a.Fetcher.FetchAsync(Request(pointer with { Locations = [pointer.Locations[0]] }), _timeout);

        Assert.Contains("not the announced content id", outcome.Problem, StringComparison.Ordinal);
        Assert.False(outcome.Unreachable); // the peer answered, wrongly: asking again would not help
        Assert.Null(await a.Store.Blobs.GetEntryAsync(pointer.ContentId, _timeout));
    }

    [Fact]
    public async Task PeerAwayOrBusy_RefusedAsUnreachable_ItsOwnAnswersAndContentProblemsAreNot_FetchedOnceBack()
    {
        var (a, b) = await SitesAsync();
        await using var _ = a;
        await using var __ = b;
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        var request = Request(pointer with { Locations = [pointer.Locations[0]] });
        async Task<FetchOutcome> FetchWhile(Func<HttpContext, Task>? peer)
        {
            b.Server.Override = peer;
            return await a.Fetcher.FetchAsync(request, _timeout);
        }

        // The connection dropped as a killed process drops it; a 503 as a peer whose storage is away answers.
        var dropped = await FetchWhile(context => { context.Abort(); return Task.CompletedTask; });
        var busy = await FetchWhile(context => { context.Response.StatusCode = 503; return Task.CompletedTask; });
        var missing = await FetchWhile(context => { context.Response.StatusCode = 404; return Task.CompletedTask; });
        var back = await FetchWhile(null);

        Assert.True(dropped.Unreachable, dropped.Problem);
        Assert.True(busy.Unreachable, busy.Problem);
        Assert.Contains("answered 503", busy.Problem, StringComparison.Ordinal);
        Assert.False(missing.Unreachable, missing.Problem);
        Assert.Contains("answered 404", missing.Problem, StringComparison.Ordinal);
        Assert.Equal(FetchOutcome.Fetched("site-b", pointer.ContentId), back);
    }

    [Fact]
    public async Task BodyLargerThanAnnounced_Refused()
    {
        var (a, b) = await SitesAsync();
        await using var _ = a;
        await using var __ = b;
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        var bytes = SnapshotJsonLines.ToBytes(b.Snapshot(Day1, seed: 9));
        // No Content-Length (chunked): the limit must hold while streaming, not only on the header.
        b.Server.Override = async context =>
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        };

        var outcome = await a.Fetcher.FetchAsync(Request(pointer with { Locations = [pointer.Locations[0]] }), _timeout);

        Assert.Contains("larger than announced", outcome.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StalledBody_RefusedAtTheDeadline()
    {
        var (a, b) = await SitesAsync(fetchTimeout: TimeSpan.FromSeconds(2));
        await using var _ = a;
        await using var __ = b;
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        b.Server.Override = async context =>
        {
            context.Response.ContentLength = pointer.Size;
            await context.Response.Body.WriteAsync(new byte[10], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };
        var started = DateTime.UtcNow;

        var outcome = await a.Fetcher.FetchAsync(Request(pointer with { Locations = [pointer.Locations[0]] }), _timeout);

        Assert.Contains("did not complete within the fetch deadline of 2 s", outcome.Problem, StringComparison.Ordinal);
        Assert.False(outcome.Unreachable); // a stalling peer is not asked again: each attempt would cost a whole deadline
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task SnapshotOfAnotherToolSiteOrPeriod_Refused_NothingStored()
    {
        var (a, b) = await SitesAsync();
        await using var _ = a;
        await using var __ = b;
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        // site-b serves a snapshot observed by site-c under its own name.
        var foreign = (await b.Store.PutAsync(TestSnapshots.Make(site: "site-c", observedAt: Day1), _timeout)).Entry;
        var disguised = pointer with { ContentId = foreign.ContentId, Size = foreign.Size, Locations = [new SnapshotLocation(LocationKind.Http, new Uri(b.Server.BaseUrl, $"api/snapshots/{foreign.ContentId}").ToString())] };

        var wrongPeriod = await a.Fetcher.FetchAsync(Request(pointer with { Locations = [pointer.Locations[0]] }) with { Period = "2026-11-02" }, _timeout);
        var wrongSite = await a.Fetcher.FetchAsync(Request(disguised), _timeout);
        var wrongSiteAgain = await a.Fetcher.FetchAsync(Request(disguised), _timeout);
        var wrongTool = await a.Fetcher.FetchAsync(Request(pointer with { Tool = "other-tool" }) with { Tool = "other-tool" }, _timeout);

        Assert.Contains("for 2026-11-01, not of dockerhub-arch by site-b for 2026-11-02", wrongPeriod.Problem, StringComparison.Ordinal);
        Assert.Contains("by site-c", wrongSite.Problem, StringComparison.Ordinal);
        Assert.Equal(wrongSite, wrongSiteAgain); // nothing was kept: asked again, refused again
        Assert.Contains("of dockerhub-arch by site-b for 2026-11-01, not of other-tool", wrongTool.Problem, StringComparison.Ordinal);
        // The header is checked while the bytes stream in, before anything is stored: neither id is held now.
        Assert.Null(await a.Store.Blobs.GetEntryAsync(pointer.ContentId, _timeout));
        Assert.Null(await a.Store.Blobs.GetEntryAsync(foreign.ContentId, _timeout));
    }

    [Fact]
    public async Task PeerNotLive_Refused()
    {
        var (a, b) = await SitesAsync();
        await using var _ = a;
        var pointer = await b.Library.KeepAsync(b.Snapshot(Day1), _timeout);
        await b.DisposeAsync(); // revokes its lease: its card leaves the live set

        var outcome = await a.Fetcher.FetchAsync(Request(pointer), _timeout);

        Assert.Contains("site-b is not in the live set", outcome.Problem, StringComparison.Ordinal);
    }

    public void Dispose() => _remotes.Dispose();

    /// <summary>A smart-HTTP git server with the bare remote site-b pushes dockerhub-arch to.</summary>
    private static GitHttpServer GitServer(GitRepositories remotes)
    {
        var remote = remotes.CreateBare("dockerhub-arch");
        GitRepositories.Git(remote, "config", "http.receivepack", "true");
        return new GitHttpServer(remotes.Root);
    }

    private static FetchRequest Request(SnapshotPointer pointer) => new(pointer.Tool, "r-1", "2026-11-01", "site-b", pointer);

    private async Task<(RoundSite A, RoundSite B)> SitesAsync(TimeSpan? fetchTimeout = null)
    {
        var root = TestSite.NewRoot();
        var a = await RoundSite.StartAsync("site-a", root, azurite, etcd, _timeout, fetchTimeout: fetchTimeout);
        var b = await RoundSite.StartAsync("site-b", root, azurite, etcd, _timeout, gitRemote: _remotes.Combine("site-b"));
        return (a, b);
    }
}
