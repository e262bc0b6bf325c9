using System.Diagnostics;
using System.Text.Json;
using Azure;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;
using Mao.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using static Mao.Functions.Tests.TriggerRequests;

namespace Mao.Functions.Tests;

/// <summary>
/// Every gated HTTP trigger (round start, status, verified, runs, insights, snapshots, gateway) behind the worker's
/// <see cref="DependencyGate"/>: while storage or etcd is down each answers 503 naming it, with Retry-After, at once (it
/// was a 500 with an empty body after 5-6 s); when the dependency is back each answers as before the outage. The
/// triggers run on a site host's durable backend over a dedicated Azurite and etcd, stopped and started by the test.
/// </summary>
public sealed class RouteOutageTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(5);

    private sealed record Route(string Name, Func<HttpRequest> Request, Func<HttpRequest, CancellationToken, Task<IActionResult>> Invoke);

    private sealed record Answer(int Status, string? Error, string? RetryAfter, TimeSpan Took);

    [Fact]
    public async Task StorageThenEtcdDown_EveryGatedRoute503NamingItFast_ThenAnswersAsBefore()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var ct = timeout.Token;
        var azurite = new AzuriteFixture();
        var etcd = new EtcdFixture();
        await azurite.InitializeAsync();
        await etcd.InitializeAsync();
        try
        {
            await using var test = await FunctionsTestSite.StartAsync(azurite, etcd, ct);
            var gate = test.Create<DependencyGate>();
            var routes = Routes(test);

            var before = new Dictionary<string, int>();
            foreach (var route in routes)
            {
                before[route.Name] = (await CallAsync(gate, route, ct)).Status;
            }
            Assert.DoesNotContain(503, before.Values);

            await azurite.StopAsync();
            await UntilAsync(gate, routes[0], status => status == 503, ct);
            await AllUnavailableAsync(gate, routes, "storage is unreachable", ct);

            await azurite.StartAsync();
            await AllAsBeforeAsync(gate, routes, before, ct);

            etcd.KillMember(0);
            await UntilAsync(gate, routes[0], status => status == 503, ct);
            await AllUnavailableAsync(gate, routes, "etcd is unreachable", ct);

            await etcd.StartMemberAsync(0);
            await AllAsBeforeAsync(gate, routes, before, ct);

            // A dependency that stops answering during a call (after the cached probe said up) is a 503 too; a bug is not.
            var context = Get().HttpContext;
            var lost = Assert.IsType<ContentResult>(await gate.RunAsync(context, () => throw new RequestFailedException("connection refused")));
            Assert.Equal(503, lost.StatusCode);
            Assert.Contains("a dependency did not answer", Body(lost).GetProperty("error").GetString());
            Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
            await Assert.ThrowsAsync<InvalidOperationException>(() => gate.RunAsync(Get().HttpContext, () => throw new InvalidOperationException("a bug")));
        }
        finally
        {
            await etcd.DisposeAsync();
            await azurite.DisposeAsync();
        }
    }

    /// <summary>One route of each kind, each with a fresh request per call; none changes state.</summary>
    private static List<Route> Routes(FunctionsTestSite test)
    {
        var rounds = test.Create<RoundHttpFunctions>();
        var reads = test.Create<SiteReadFunctions>();
        var runs = test.Create<RunFunctions>();
        var insights = test.Create<InsightFunctions>();
        var gateway = test.Create<SnapshotHttpFunctions>();
        var client = test.Site.Client;
        const string tool = FunctionsTestSite.Tool;
        return
        [
            new("GET /api/rounds/{tool}/{round}", () => Get(), (r, ct) => rounds.GetAsync(r, tool, "2026-01-01", client, ct)),
            new("POST /api/rounds", () =>
            {
                // Keyed, for a tool this site holds no snapshot of: 404 when storage answers, no round started.
                var request = Json(new StartRoundBody(tool, AnswerWindowSeconds: 0));
                request.Headers[ApiKeys.Header] = SiteIdentity.ApiKey(test.Settings);
                return request;
            }, (r, ct) => rounds.StartAsync(r, client, ct)),
            new("GET /api/verified", () => Get(), (r, ct) => reads.ListVerifiedAsync(r, ct)),
            new("GET /api/snapshots/{contentId}", () => Get(), (r, ct) => reads.DownloadAsync(r, new string('0', 64), ct)),
            new("GET /api/runs", () => Get(), (r, ct) => runs.ListAsync(r, client, ct)),
            new("GET /api/series/{tool}", () => Get(), (r, ct) => insights.SeriesAsync(r, tool, ct)),
            new("GET /api/sites", () => Get(), (r, ct) => insights.SitesAsync(r, ct)),
            new("POST /api/tools/{tool}/snapshots", () => Raw("{}", "application/x-ndjson"), (r, ct) => gateway.SubmitAsync(r, "no-such-tool", client, ct)),
        ];
    }

    private static async Task AllUnavailableAsync(DependencyGate gate, List<Route> routes, string problem, CancellationToken ct)
    {
        foreach (var route in routes)
        {
            var answer = await CallAsync(gate, route, ct);
            Assert.True(answer.Status == 503, $"{route.Name}: {answer}");
            Assert.Contains(problem, answer.Error);
            Assert.EndsWith($"try again in {DependencyCheck.RetryAfterSeconds} s", answer.Error);
            Assert.Equal("5", answer.RetryAfter);
            Assert.True(answer.Took < Fast, $"{route.Name} answered after {answer.Took.TotalSeconds:0.0} s");
        }
    }

    /// <summary>Each route answers what it answered before the outage, once the (cached) probe has seen the dependency back.</summary>
    private static async Task AllAsBeforeAsync(DependencyGate gate, List<Route> routes, Dictionary<string, int> before, CancellationToken ct)
    {
        foreach (var route in routes)
        {
            var answer = await UntilAsync(gate, route, status => status != 503, ct);
            Assert.True(answer.Status == before[route.Name], $"{route.Name}: {answer}, before the outage {before[route.Name]}");
        }
    }

    /// <summary>Calls until the status satisfies <paramref name="done"/>; bounded by the test's timeout.</summary>
    private static async Task<Answer> UntilAsync(DependencyGate gate, Route route, Func<int, bool> done, CancellationToken ct)
    {
        Answer answer;
        while (!done((answer = await CallAsync(gate, route, ct)).Status))
        {
            await Task.Delay(200, ct);
        }
        return answer;
    }

    /// <summary>The trigger behind the gate, as the worker runs it: the gate's 503, or else the trigger's own result.</summary>
    private static async Task<Answer> CallAsync(DependencyGate gate, Route route, CancellationToken ct)
    {
        var request = route.Request();
        IActionResult? result = null;
        var watch = Stopwatch.StartNew();
        var refusal = await gate.RunAsync(request.HttpContext, async () => result = await route.Invoke(request, ct));
        var took = watch.Elapsed;
        var retryAfter = request.HttpContext.Response.Headers.RetryAfter.ToString();
        var shown = refusal ?? result!;
        if (shown is FileStreamResult stream)
        {
            await stream.FileStream.DisposeAsync();
        }
        var (status, error) = shown switch
        {
            ContentResult content => (content.StatusCode ?? 200, ErrorOf(content)),
            IStatusCodeActionResult coded => (coded.StatusCode ?? 200, null),
            _ => (200, null),
        };
        return new Answer(status, error, retryAfter.Length == 0 ? null : retryAfter, took);
    }

    private static string? ErrorOf(ContentResult content) =>
        content.Content is { Length: > 0 } text && JsonDocument.Parse(text).RootElement is { ValueKind: JsonValueKind.Object } body
            && body.TryGetProperty("error", out var error) ? error.GetString() : null;
}
