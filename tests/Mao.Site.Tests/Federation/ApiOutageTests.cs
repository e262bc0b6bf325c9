using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Federation;

/// <summary>
/// Every /api route of the site host but health (rounds, answers, snapshots, verified, runs, insights, the gateway)
/// answers 503 naming what is down with Retry-After, at once, while storage or etcd is down; the dashboard's own files
/// are still served; once the dependency is back every route answers as before. Azurite and etcd here are dedicated
/// instances, stopped and started by the test.
/// </summary>
public sealed class ApiOutageTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(5);

    private sealed record Answer(HttpStatusCode Status, string? Error, string? RetryAfter, TimeSpan Took);

    /// <summary>One request of each kind; none changes state (unknown round, no snapshot kept, unknown tool, no key).</summary>
    private static readonly (string Method, string Path, string? Body)[] Routes =
    [
        ("GET", "api/rounds/bench/r1", null),
        ("POST", "api/rounds", """{"tool":"bench","roundId":"r1"}"""),
        ("POST", "api/rounds/bench/r1/answers", "{}"),
        ("GET", "api/snapshots/" + new string('0', 64), null),
        ("GET", "api/verified", null),
        ("GET", "api/verified/bench/2026-01-01", null),
        ("POST", "api/runs", """{"tool":"bench"}"""),
        ("GET", "api/runs", null),
        ("GET", "api/runs/bench/2026-01-01", null),
        ("GET", "api/series/bench", null),
        ("GET", "api/alerts/bench", null),
        ("GET", "api/sites", null),
        ("GET", "api/notifications", null),
        ("POST", "api/tools/no-such-tool/snapshots", "{}"),
    ];

    [Fact]
    public async Task StorageThenEtcdDown_EveryApiRoute503NamingItFast_DashboardServed_ThenAsBefore()
    {
        using var timeout = TestSites.Timeout(240);
        var ct = timeout.Token;
        var azurite = new AzuriteFixture();
        var etcd = new EtcdFixture();
        await azurite.InitializeAsync();
        await etcd.InitializeAsync();
        try
        {
            await using var federation = new TestFederation(azurite, etcd);
            var site = await federation.StartAsync(federation.Options("site-a"), ct);
            using var http = federation.Http("site-a");
            // The operator key only where a route asks for it: POST /api/runs is sent without one (401 when up).
            var key = SiteIdentity.ApiKey(site.Options.Federation);

            var before = new Dictionary<string, HttpStatusCode>();
            foreach (var route in Routes)
            {
                before[route.Path + " " + route.Method] = (await SendAsync(http, route, key, ct)).Status;
            }
            Assert.DoesNotContain(HttpStatusCode.ServiceUnavailable, before.Values);

            await azurite.StopAsync();
            await AllUnavailableAsync(http, key, "storage is unreachable", ct);
            await azurite.StartAsync();
            await AllAsBeforeAsync(http, key, before, ct);

            etcd.KillMember(0);
            await AllUnavailableAsync(http, key, "etcd is unreachable", ct);
            await etcd.StartMemberAsync(0);
            await AllAsBeforeAsync(http, key, before, ct);
        }
        finally
        {
            await etcd.DisposeAsync();
            await azurite.DisposeAsync();
        }
    }

    private static async Task AllUnavailableAsync(HttpClient http, string key, string problem, CancellationToken ct)
    {
        // The probe is cached for a moment: wait until the first route sees the outage, then every route must.
        while ((await SendAsync(http, Routes[0], key, ct)).Status != HttpStatusCode.ServiceUnavailable)
        {
            await Task.Delay(200, ct);
        }
        foreach (var route in Routes)
        {
            var answer = await SendAsync(http, route, key, ct);
            Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"{route.Method} {route.Path}: {answer}");
            Assert.Contains(problem, answer.Error);
            Assert.EndsWith($"try again in {DependencyCheck.RetryAfterSeconds} s", answer.Error);
            Assert.Equal("5", answer.RetryAfter);
            Assert.True(answer.Took < Fast, $"{route.Method} {route.Path} answered after {answer.Took.TotalSeconds:0.0} s");
        }
        foreach (var page in new[] { "/", "/dashboard", "/dashboard/dashboard.js" })
        {
            using var response = await http.GetAsync(page, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {response.StatusCode}");
        }
    }

    private static async Task AllAsBeforeAsync(HttpClient http, string key, Dictionary<string, HttpStatusCode> before, CancellationToken ct)
    {
        foreach (var route in Routes)
        {
            Answer answer;
            while ((answer = await SendAsync(http, route, key, ct)).Status == HttpStatusCode.ServiceUnavailable)
            {
                await Task.Delay(200, ct);
            }
            var expected = before[route.Path + " " + route.Method];
            Assert.True(answer.Status == expected, $"{route.Method} {route.Path}: {answer}, before the outage {expected}");
        }
    }

    private static async Task<Answer> SendAsync(HttpClient http, (string Method, string Path, string? Body) route, string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
        if (route.Body is { } body)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        if (route.Path == "api/rounds")
        {
            request.Headers.Add(ApiKeys.Header, key);
        }
        var watch = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, ct);
        var took = watch.Elapsed;
        var text = await response.Content.ReadAsStringAsync(ct);
        string? error = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json" && text.StartsWith('{')
            && JsonDocument.Parse(text).RootElement.TryGetProperty("error", out var e))
        {
            error = e.GetString();
        }
        return new Answer(response.StatusCode, error, response.Headers.RetryAfter?.ToString(), took);
    }
}
