using System.Diagnostics;
using System.Text.Json;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Functions.Tests;

/// <summary>
/// GET /api/health on the Functions app probes storage and etcd with the site host's DependencyCheck: 503 with
/// Retry-After naming what is down, at once, then 200 again when it is back. Azurite and etcd here are dedicated
/// instances on free ports, stopped and started by the test; the shared ones stay up for the others.
/// </summary>
public sealed class HealthOutageTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Health_StorageThenEtcdDown_503NamingIt_ThenUpAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = timeout.Token;
        var azurite = new AzuriteFixture();
        var etcd = new EtcdFixture();
        using var data = new TempFolder("mao-fn-health");
        await azurite.InitializeAsync();
        await etcd.InitializeAsync();
        try
        {
            var run = "h" + Guid.NewGuid().ToString("N")[..12];
            var settings = new FederationSettings
            {
                SiteId = "site-h", DataDirectory = data.Path, StorageConnectionString = azurite.ConnectionString,
                Etcd = new EtcdOptions { Endpoints = etcd.Endpoints, KeyRoot = $"/{run}" }, SnapshotContainer = run, SnapshotTable = run,
            };
            await using var functions = FunctionsTestSite.FunctionsProvider(settings, run);
            var reads = ActivatorUtilities.CreateInstance<SiteReadFunctions>(functions);

            // A probe right after Azurite started can time out on a loaded machine (and is cached a moment): wait for up.
            var healthy = await UntilAsync(reads, 200, ct);
            Assert.Equal((200, "up", "up", null), (healthy.Status, healthy.Storage, healthy.Etcd, healthy.RetryAfter));

            await azurite.StopAsync();
            var storageDown = await UntilAsync(reads, 503, ct);
            Assert.Equal(("down", "up", "5"), (storageDown.Storage, storageDown.Etcd, storageDown.RetryAfter));
            Assert.Contains("storage is unreachable", storageDown.Problem);
            Assert.True(storageDown.Took < Fast, $"health answered after {storageDown.Took.TotalSeconds:0.0} s");

            await azurite.StartAsync();
            await UntilAsync(reads, 200, ct);
            etcd.KillMember(0);
            var etcdDown = await UntilAsync(reads, 503, ct);
            Assert.Equal(("up", "down", "5"), (etcdDown.Storage, etcdDown.Etcd, etcdDown.RetryAfter));
            Assert.Contains("etcd is unreachable", etcdDown.Problem);
            Assert.True(etcdDown.Took < Fast, $"health answered after {etcdDown.Took.TotalSeconds:0.0} s");

            await etcd.StartMemberAsync(0);
            var back = await UntilAsync(reads, 200, ct);
            Assert.Equal(("up", "up"), (back.Storage, back.Etcd));
        }
        finally
        {
            await etcd.DisposeAsync();
            await azurite.DisposeAsync();
        }
    }

    private sealed record Health(int? Status, string? Storage, string? Etcd, string? Problem, string? RetryAfter, TimeSpan Took);

    /// <summary>Asks until health answers <paramref name="status"/> (the probe is cached for a moment); bounded by the test's timeout.</summary>
    private static async Task<Health> UntilAsync(SiteReadFunctions reads, int status, CancellationToken ct)
    {
        Health health;
        while ((health = await HealthAsync(reads, ct)).Status != status)
        {
            await Task.Delay(200, ct);
        }
        return health;
    }

    private static async Task<Health> HealthAsync(SiteReadFunctions reads, CancellationToken ct)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        var watch = Stopwatch.StartNew();
        var result = Assert.IsType<ContentResult>(await reads.HealthAsync(context.Request, ct));
        var took = watch.Elapsed;
        var body = JsonDocument.Parse(result.Content!).RootElement;
        var retryAfter = context.Response.Headers.RetryAfter.ToString();
        return new Health(result.StatusCode, body.GetProperty("storage").GetString(), body.GetProperty("etcd").GetString(),
            body.TryGetProperty("problem", out var problem) ? problem.GetString() : null, retryAfter.Length == 0 ? null : retryAfter, took);
    }
}
