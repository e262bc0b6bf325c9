using Mao.Tools.Http;

namespace Mao.Tools.Tests.Http;

public class NextLinkTests
{
    private static readonly Uri Current = new("http://127.0.0.1:5000/v2/namespaces/library/repositories?page_size=100");

    [Fact]
    public void Resolve_SameHost_ReturnsAbsoluteUrl() =>
        Assert.Equal(new Uri("http://127.0.0.1:5000/v2/namespaces/library/repositories?page=2"),
            NextLink.Resolve(Current, "http://127.0.0.1:5000/v2/namespaces/library/repositories?page=2"));

    [Fact]
    public void Resolve_Relative_ResolvesAgainstCurrent() =>
        Assert.Equal("/v2/x?page=2", NextLink.Resolve(Current, "/v2/x?page=2")!.PathAndQuery);

    [Fact]
    public void Resolve_NullOrEmpty_EndOfPaging()
    {
        Assert.Null(NextLink.Resolve(Current, null));
        Assert.Null(NextLink.Resolve(Current, ""));
    }

    [Theory]
    [InlineData("https://hub.docker.com/v2/namespaces/docker/repositories?page=2&page_size=2")]
    [InlineData("http://127.0.0.1:5001/v2/namespaces/library/repositories?page=2")]
    [InlineData("https://127.0.0.1:5000/v2/namespaces/library/repositories?page=2")]
    public void Resolve_OtherOrigin_Refused(string next)
    {
        var error = Assert.Throws<CrawlRequestException>(() => NextLink.Resolve(Current, next));
        Assert.Equal(CrawlErrorKind.ForeignNextLink, error.Kind);
        Assert.Contains("another host", error.Message);
    }
}
