using System.Text;
using Mao.Testing.Fuzz;
using Mao.Tools.Http;
using Xunit.Abstractions;

namespace Mao.Tools.Tests.Fuzz;

[Trait("Category", "Fuzz")]
public sealed class NextLinkFuzz(ITestOutputHelper output)
{
    private static readonly Uri Current = new("https://hub.docker.com/v2/namespaces/library/repositories?page=2&page_size=100");

    [Fact]
    public void Resolve_HostileNextLinks_StayOnTheOriginOrAreRefused()
    {
        byte[][] seeds =
        [
            "https://hub.docker.com/v2/namespaces/library/repositories?page=3&page_size=100"u8.ToArray(),
            "/v2/namespaces/library/repositories?page=3"u8.ToArray(),
            "</v2/library/ubuntu/tags/list?last=xenial&n=50>; rel=\"next\""u8.ToArray(),
            "https://evil.example/v2/x"u8.ToArray(),
            "//hub.docker.com:443/v2/x?page=3"u8.ToArray(),
        ];
        var report = new FuzzRunner("next-link", output) { Tokens = ["//", "@", ":", "%2F", "\\\\", "#", "?", "..", "file:", "http://"] }.Run(seeds, input =>
        {
            var next = NextLink.Resolve(Current, Encoding.UTF8.GetString(input));
            // A followed link never leaves the host the crawl started on and never repeats the page.
            if (next is not null)
            {
                Assert.Equal((Current.Scheme, Current.Authority), (next.Scheme, next.Authority));
                Assert.NotEqual(Current, next);
            }
        }, typeof(CrawlRequestException));

        Assert.True(report.Accepted >= 1 && report.Rejected >= 1, "the seeds hold links to follow and links to refuse");
    }
}
