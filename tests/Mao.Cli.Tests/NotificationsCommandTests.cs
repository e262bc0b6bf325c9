using System.Net;
using System.Net.Sockets;
using Mao.Cli.Commands;

namespace Mao.Cli.Tests;

/// <summary>`mao notifications` when it cannot ask: exit 2 with one line naming the address (the listing is tested against a real site in Mao.Site.Tests).</summary>
public class NotificationsCommandTests
{
    [Fact]
    public async Task SiteUnreachable_Exit2_NamesTheAddress()
    {
        // A port that was free a moment ago: nothing listens on it.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await NotificationsCommand.ListAsync(http, 10, 0, json: false, output, errors, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal("", output.ToString());
        Assert.StartsWith($"mao notifications: cannot reach http://127.0.0.1:{port}/api/notifications?limit=10", errors.ToString(), StringComparison.Ordinal);
    }
}
