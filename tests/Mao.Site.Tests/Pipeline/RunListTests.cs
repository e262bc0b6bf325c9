using System.Net;
using Mao.Core.Model;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>GET /api/runs: each tool this site runs, with today's and yesterday's runs, as the dashboard shows them.</summary>
[Collection(FederationCollection.Name)]
public sealed class RunListTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Lint = "dockerfile-lint";

    [Fact]
    public async Task RunList_ShowsTodaysRunOnceStarted_AndYesterdayAsNone()
    {
        using var timeout = TestSites.Timeout(150);
        var ct = timeout.Token;
        await using var replay = await Mao.Testing.Replay.ReplayServer.StartAsync(); // unused endpoints; the site needs some
        await using var federation = new TestFederation(azurite, etcd);
        var options = PipelineBed.Site(federation, "site-a", Lint, replay, schedule: null,
            new Dictionary<string, string?> { ["Mao:DockerfileLint:Folder"] = SharedData.Path("fixtures/dockerfiles") });
        var site = await federation.StartAsync(options, ct);
        using var api = new ApiClient(site.ApiAddress);

        var (beforeStatus, before) = await api.GetAsync("api/runs", ct);
        Assert.Equal(HttpStatusCode.OK, beforeStatus);
        Assert.Equal(["None", "None"], before.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runtimeStatus").GetString()));

        Assert.Equal(RunStartOutcome.Started, await site.Services.GetRequiredService<ToolRunStarter>().StartAsync(Lint, DateTimeOffset.UtcNow, ct));
        await PipelineBed.WaitRunAsync(site, Lint, PipelineBed.Today, ct);
        var (status, after) = await api.GetAsync("api/runs", ct);

        Assert.Equal(HttpStatusCode.OK, status);
        var runs = after.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal([(Lint, PipelineBed.Today, "Completed"), (Lint, Period.Of(DateTimeOffset.UtcNow.AddDays(-1)), "None")],
            runs.Select(r => (r.GetProperty("tool").GetString(), r.GetProperty("period").GetString(), r.GetProperty("runtimeStatus").GetString())));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, runs[0].GetProperty("lastUpdatedAt").ValueKind);
    }
}
