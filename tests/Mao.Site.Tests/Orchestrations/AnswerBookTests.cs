using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Rounds;

namespace Mao.Site.Tests.Orchestrations;

public sealed class AnswerBookTests
{
    private const string Tool = "bench";
    private const string Round = "2026-11-27";

    private static RoundAnswer Accept(string site, long revision = 1) => new(Tool, Round, site, revision, AnswerKind.Accept);

    private static RoundAnswer Points(string site, long revision = 1) => new(Tool, Round, site, revision, AnswerKind.Snapshot,
        new SnapshotPointer(new string('a', 64), 10, Tool, "1.0", site, Round, DateTimeOffset.UnixEpoch,
            [new SnapshotLocation(LocationKind.Http, $"http://{site}.example/api/snapshots/{new string('a', 64)}")]));

    [Fact]
    public void Record_ExpectedPeer_CountsOnceAndFirstAnswerStands()
    {
        var book = new AnswerBook(["site-c", "site-b"]);

        Assert.Equal("recorded", book.Record(Accept("site-b"), Tool, Round));
        Assert.Equal("rejected", book.Record(Points("site-b", revision: 2), Tool, Round));

        Assert.Equal(AnswerKind.Accept, Assert.Single(book.Answers).Kind);
        Assert.Equal(["site-c"], book.Waiting);
        Assert.False(book.Complete);
        Assert.Contains(book.Rejected, r => r.StartsWith("site-b: second answer", StringComparison.Ordinal));
    }

    [Fact]
    public void Record_SameAnswerAgain_IsARepeatNotARejection()
    {
        var book = new AnswerBook(["site-b"]);
        book.Record(Points("site-b"), Tool, Round);

        Assert.Equal("repeated", book.Record(Points("site-b"), Tool, Round));
        Assert.Empty(book.Rejected);
    }

    [Fact]
    public void Record_OlderRevisionAfterANewerOne_IsNamedAsAReplay()
    {
        var book = new AnswerBook(["site-b"]);
        book.Record(Accept("site-b", revision: 3), Tool, Round);

        book.Record(Accept("site-b", revision: 2), Tool, Round);

        Assert.Contains(book.Rejected, r => r.Contains("replayed answer: revision 2 is older than revision 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Record_UnexpectedSiteOrOtherRound_IsRejectedAndNeverCompletesTheRound()
    {
        var book = new AnswerBook(["site-b"]);

        book.Record(Accept("site-x"), Tool, Round);
        book.Record(Accept("site-b") with { Round = "2026-11-28" }, Tool, Round);
        for (var i = 0; i < 500; i++)
        {
            book.Record(new AnswerRejection($"junk-{i}", "unsigned"));
        }

        Assert.Empty(book.Answers);
        Assert.False(book.Complete);
        Assert.Equal(AnswerBook.MaxRejections, book.Rejected.Count);
        Assert.StartsWith("site-x: not an expected peer", book.Rejected[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Answers_ArriveInAnyOrder_AreSortedBySite()
    {
        var book = new AnswerBook(["site-b", "site-a", "site-c"]);
        book.Record(Accept("site-c"), Tool, Round);
        book.Record(Points("site-a"), Tool, Round);
        book.Record(Accept("site-b"), Tool, Round);

        Assert.Equal(["site-a", "site-b", "site-c"], book.Answers.Select(a => a.Site));
        Assert.True(book.Complete);
    }
}
