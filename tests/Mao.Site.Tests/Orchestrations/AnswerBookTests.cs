using Mao.Orchestrations.Rounds;

namespace Mao.Site.Tests.Orchestrations;

public sealed class AnswerBookTests
{
    private static readonly SnapshotPointer Pointer = new(new string('a', 64), "/tmp/x.jsonl");

    [Fact]
    public void Record_ExpectedPeer_CountsOnceAndFirstAnswerWins()
    {
        var book = new AnswerBook(["site-c", "site-b"]);

        Assert.True(book.Record(new RoundAnswer("site-b", true)));
        Assert.False(book.Record(new RoundAnswer("site-b", false, Pointer)));

        Assert.True(Assert.Single(book.Answers).Accept);
        Assert.Equal(["site-c"], book.Waiting);
        Assert.False(book.Complete);
    }

    [Fact]
    public void Record_UnexpectedOrMalformedAnswer_IsIgnored()
    {
        var book = new AnswerBook(["site-b"]);

        Assert.False(book.Record(new RoundAnswer("site-x", true)));
        Assert.False(book.Record(new RoundAnswer("site-b", false)));
        Assert.False(book.Record(new RoundAnswer("site-b", true, Pointer)));
        Assert.False(book.Record(null));

        Assert.Empty(book.Answers);
    }

    [Fact]
    public void Answers_ArriveInAnyOrder_AreSortedBySite()
    {
        var book = new AnswerBook(["site-b", "site-a", "site-c"]);
        book.Record(new RoundAnswer("site-c", true));
        book.Record(new RoundAnswer("site-a", false, Pointer));
        book.Record(new RoundAnswer("site-b", true));

        Assert.Equal(["site-a", "site-b", "site-c"], book.Answers.Select(a => a.Site));
        Assert.True(book.Complete);
    }
}
