using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mao.Cli.Commands;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Insights;

/// <summary>`mao check` against a real site host's artefact cards: each rule passes and fails on real ground truth.</summary>
[Collection(FederationCollection.Name)]
public sealed class CheckCommandTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task Check_AppliesEachRuleToTheArtefactCard()
    {
        using var timeout = TestSites.Timeout(240);
        var ct = timeout.Token;
        await using var bed = await InsightBed.StartAsync(azurite, etcd, ct);
        using var http = bed.Http();

        // nginx: two architectures, verified by both sites, a lint warning only.
        var (exit, output) = await CheckAsync(http, "library/nginx", new CheckRules(2, ["amd64", "arm64"], NoLintErrors: true), ct);
        Assert.True(exit == 0, output);
        Assert.Contains("PASS min-support 2", output);
        Assert.Contains("PASS require-arch amd64,arm64", output);
        Assert.Contains("DL3007", output);
        Assert.Contains("mao check: passed", output);

        // redis: one architecture and a lint error; each rule fails on its own.
        (exit, output) = await CheckAsync(http, "library/redis", new CheckRules(RequireArch: ["amd64", "arm64"]), ct);
        Assert.Equal(1, exit);
        Assert.Contains("missing arm64", output);
        (exit, output) = await CheckAsync(http, "library/redis", new CheckRules(NoLintErrors: true), ct);
        Assert.Equal(1, exit);
        Assert.Contains("FAIL no-lint-errors", output);
        (exit, _) = await CheckAsync(http, "library/redis", new CheckRules(), ct);
        Assert.Equal(0, exit);

        // More supporting sites than verified it.
        (exit, output) = await CheckAsync(http, "library/nginx", new CheckRules(MinSupport: 3), ct);
        Assert.Equal(1, exit);
        Assert.Contains("verified by 2 site(s)", output);

        // Unknown artefact: fails whatever else is asked, and says so.
        (exit, output) = await CheckAsync(http, "library/unknown", new CheckRules(), ct);
        Assert.Equal(1, exit);
        Assert.Contains("FAIL known", output);

        // --json: the card and the checks, machine-readable.
        var json = new StringWriter();
        exit = await CheckCommand.CheckAsync(http, InsightBed.Tool, "library/nginx", new CheckRules(MinSupport: 2), json: true, json, TextWriter.Null, ct);
        Assert.Equal(0, exit);
        var parsed = JsonDocument.Parse(json.ToString()).RootElement;
        Assert.True(parsed.GetProperty("known").GetBoolean());
        Assert.All(parsed.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean()));
    }

    [Fact]
    public async Task Check_SiteUnreachable_Exit2NamingTheAddress()
    {
        var port = ClosedPort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var errors = new StringWriter();

        var exit = await CheckCommand.CheckAsync(http, "imgs", "library/nginx", new CheckRules(), json: false, TextWriter.Null, errors, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains($"127.0.0.1:{port}/api/artefacts/imgs/library/nginx", errors.ToString());
    }

    private static async Task<(int Exit, string Output)> CheckAsync(HttpClient http, string artefact, CheckRules rules, CancellationToken ct)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await CheckCommand.CheckAsync(http, InsightBed.Tool, artefact, rules, json: false, output, errors, ct);
        return (exit, output + errors.ToString());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
