using Mao.Core.Serialization;
using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Tests.Identity;
using Mao.Testing;

namespace Mao.Federation.Tests.Registry;

[Collection(EtcdCollection.Name)]
public sealed class RoundMessagesTests(EtcdFixture etcd)
{
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(30);

    [Fact]
    public async Task Announce_ReadByPeer_VerifiedAgainstPublishedKey()
    {
        var root = TestSite.NewRoot();
        using var a = new TestSite(etcd.Endpoints, "site-a", root);
        using var b = new TestSite(etcd.Endpoints, "site-b", root);
        await using var registration = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);
        await ClaimAsync(a);

        var published = await a.Registry.AnnounceAsync(SignedMessages.Announcement(), _timeout);
        var read = await b.Registry.ReadAnnouncementAsync("dockerhub-arch", "r-2026-11-01", "site-a", _timeout);

        Assert.True(published.Won);
        Assert.Equal("site-a", read!.Message.Site);
        Assert.Equal(new string('b', 64), read.Message.Snapshot.ContentId);
    }

    [Fact]
    public async Task Announce_WithShardPlan_ReadByPeerWithThePlan_AnnouncerOutsideThePlanRefused()
    {
        var root = TestSite.NewRoot();
        using var a = new TestSite(etcd.Endpoints, "site-a", root);
        using var b = new TestSite(etcd.Endpoints, "site-b", root);
        await using var registration = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);
        var plan = new Mao.Core.Sharding.ShardPlan(["site-c", "site-a", "site-b"], 2);
        await ClaimAsync(a);

        await a.Registry.AnnounceAsync(SignedMessages.Announcement() with { Shards = plan }, _timeout);
        var read = await b.Registry.ReadAnnouncementAsync("dockerhub-arch", "r-2026-11-01", "site-a", _timeout);

        Assert.Equal(plan, read!.Message.Shards);
        var outside = SignedMessages.Announcement() with { Shards = new Mao.Core.Sharding.ShardPlan(["site-b", "site-c"], 1) };
        var error = Assert.Throws<Mao.Core.MaoFormatException>(() => outside.Validate("announcement"));
        Assert.Contains("'site-a' is not among the shard plan's sites", error.Message);
        var zero = SignedMessages.Announcement() with { Shards = new Mao.Core.Sharding.ShardPlan(["site-a"], 0) };
        Assert.Contains("shards", Assert.Throws<Mao.Core.MaoFormatException>(() => zero.Validate("announcement")).Message);
    }

    [Fact]
    public async Task ForgedValueWrittenStraightToEtcd_ReadRejected()
    {
        var root = TestSite.NewRoot();
        using var a = new TestSite(etcd.Endpoints, "site-a", root);
        using var b = new TestSite(etcd.Endpoints, "site-b", root);
        await using var registration = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);
        await ClaimAsync(a);
        await a.Registry.AnnounceAsync(SignedMessages.Announcement(), _timeout);
        var key = a.Etcd.Keys.Round("dockerhub-arch", "r-2026-11-01", "site-a");
        var stored = (await a.Etcd.GetAsync(key, _timeout))!.Value;
        await a.Etcd.PutAsync(key, stored.Replace("bbbb", "cccc", StringComparison.Ordinal), 0, _timeout);

        var error = await Assert.ThrowsAsync<MessageRejectedException>(() => b.Registry.ReadAnnouncementAsync("dockerhub-arch", "r-2026-11-01", "site-a", _timeout));
        Assert.Contains("forged or altered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerCopiedToAnotherRoundsKey_Rejected()
    {
        var root = TestSite.NewRoot();
        using var a = new TestSite(etcd.Endpoints, "site-a", root);
        await using var registration = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);
        await a.Registry.AnswerAsync(SignedMessages.Answer(), _timeout);
        var original = (await a.Etcd.GetAsync(a.Etcd.Keys.Answer("dockerhub-arch", "r-2026-11-01", "site-a"), _timeout))!.Value;
        await a.Etcd.PutAsync(a.Etcd.Keys.Answer("dockerhub-arch", "r-2026-11-02", "site-a"), original, 0, _timeout);

        var answers = await a.Registry.ReadAnswersAsync("dockerhub-arch", "r-2026-11-02", _timeout);

        var rejected = Assert.Single(answers);
        Assert.Null(rejected.Accepted);
        Assert.Contains("copied from another round", rejected.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayedOlderRevisionInWatch_DeliveredAsRejectionNotAsMessage()
    {
        var root = TestSite.NewRoot();
        using var a = new TestSite(etcd.Endpoints, "site-a", root);
        using var b = new TestSite(etcd.Endpoints, "site-b", root);
        await using var registration = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);
        var key = a.Etcd.Keys.Answer("dockerhub-arch", "r-2026-11-01", "site-a");
        await a.Registry.AnswerAsync(SignedMessages.Answer(revision: 1), _timeout);
        var revisionOne = (await a.Etcd.GetAsync(key, _timeout))!.Value;
        await a.Registry.AnswerAsync(SignedMessages.Answer(revision: 2) with { Kind = AnswerKind.Accept, Snapshot = null }, _timeout);

        var seen = new List<Mao.Federation.Registry.SignedEvent<RoundAnswer>>();
        await using var answers = b.Registry.WatchAnswersAsync("dockerhub-arch", "r-2026-11-01", _timeout).GetAsyncEnumerator(_timeout);
        Assert.True(await answers.MoveNextAsync());
        seen.Add(answers.Current);
        await a.Etcd.PutAsync(key, revisionOne, 0, _timeout); // an attacker (or a stale writer) puts revision 1 back
        Assert.True(await answers.MoveNextAsync());
        seen.Add(answers.Current);

        Assert.Equal(2, seen[0].Accepted!.Message.Revision);
        Assert.Null(seen[1].Accepted);
        Assert.Contains("replayed", seen[1].Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerAsync_SameAnswerTwice_IdempotentAndOlderRevisionNeverReplacesNewer()
    {
        using var a = new TestSite(etcd.Endpoints, "site-a", TestSite.NewRoot());
        await using var registration = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);
        var newer = SignedMessages.Answer(revision: 2);

        Assert.True((await a.Registry.AnswerAsync(newer, _timeout)).Won);
        Assert.True((await a.Registry.AnswerAsync(newer, _timeout)).Won);
        Assert.False((await a.Registry.AnswerAsync(SignedMessages.Answer(revision: 1), _timeout)).Won);

        var stored = (await a.Registry.ReadAnswersAsync("dockerhub-arch", "r-2026-11-01", _timeout)).Single();
        Assert.Equal(2, stored.Accepted!.Message.Revision);
    }

    [Fact]
    public async Task PublishVerified_BothSitesPublish_OnlyTheClaimWinnersResultIsRead()
    {
        var root = TestSite.NewRoot();
        using var a = new TestSite(etcd.Endpoints, "site-a", root);
        using var b = new TestSite(etcd.Endpoints, "site-b", root);
        await using var ra = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);
        await using var rb = await b.Registry.RegisterSiteAsync(b.Card(), TimeSpan.FromSeconds(10), _timeout);
        VerifiedResult Result(string site, char id) => new("dockerhub-arch", "2026-11-01", "r-2026-11-01", site, 1,
            SignedMessages.Pointer(id, site), ["site-a", "site-b"], [], [], [], [], DateTimeOffset.UtcNow);
        await ClaimAsync(b);
        Assert.False((await a.Registry.ClaimRoundAsync("dockerhub-arch", "2026-11-01", "r-2026-11-01", DateTimeOffset.UtcNow, _timeout)).Won);

        var outcomes = await Task.WhenAll(
            a.Registry.PublishVerifiedAsync(Result("site-a", 'a'), _timeout),
            b.Registry.PublishVerifiedAsync(Result("site-b", 'b'), _timeout));

        Assert.All(outcomes, o => Assert.True(o.Won)); // each under its own prefix
        var stored = await a.Registry.ReadVerifiedAsync("dockerhub-arch", "2026-11-01", _timeout);
        Assert.Equal(("site-b", new string('b', 64)), (stored!.Message.Site, stored.Message.Snapshot.ContentId));
        Assert.False((await b.Registry.PublishVerifiedAsync(Result("site-b", 'c'), _timeout)).Won); // the first result of the winner stands
    }

    [Fact]
    public async Task WatchAnswers_ExistingThenNew_EachOnceInOrder()
    {
        var root = TestSite.NewRoot();
        var sites = Enumerable.Range(0, 5).Select(i => new TestSite(etcd.Endpoints, $"site-{i}", root)).ToList();
        try
        {
            foreach (var site in sites)
            {
                await new Mao.Federation.Registry.SiteKeyDirectory(site.Etcd).PublishAsync(site.Key.Site, site.Key.PublicKey, _timeout);
            }
            await sites[0].Registry.AnswerAsync(SignedMessages.Answer("site-0"), _timeout);
            await sites[1].Registry.AnswerAsync(SignedMessages.Answer("site-1"), _timeout);

            var received = new List<string>();
            await using var answers = sites[0].Registry.WatchAnswersAsync("dockerhub-arch", "r-2026-11-01", _timeout).GetAsyncEnumerator(_timeout);
            for (var i = 2; i < 5; i++)
            {
                await sites[i].Registry.AnswerAsync(SignedMessages.Answer($"site-{i}"), _timeout);
            }
            while (received.Count < 5 && await answers.MoveNextAsync())
            {
                received.Add(answers.Current.Accepted!.Message.Site);
            }

            Assert.Equal(["site-0", "site-1", "site-2", "site-3", "site-4"], received);
        }
        finally
        {
            sites.ForEach(s => s.Dispose());
        }
    }

    private async Task ClaimAsync(TestSite site, string round = "r-2026-11-01") =>
        Assert.True((await site.Registry.ClaimRoundAsync("dockerhub-arch", "2026-11-01", round, DateTimeOffset.UtcNow, _timeout)).Won);
}
