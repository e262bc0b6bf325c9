using System.Collections.Concurrent;
using System.Globalization;
using Mao.Federation.Registry;
using Mao.Federation.Tests.Registry;
using Mao.Testing;

namespace Mao.Federation.Tests.Faults;

/// <summary>One member of three dies (SIGKILL) in the middle of writes and watches; the quorum carries on and nothing is lost.</summary>
public sealed class EtcdMemberKillTests(EtcdClusterFixture cluster, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<EtcdClusterFixture>
{
    private const int Writes = 150;

    [Fact]
    public async Task MemberKilledMidSequence_EveryWriteStoredAndWatchedExactlyOnce()
    {
        var timeout = TestSnapshots.Timeout(120);
        using var site = new TestSite(cluster.Endpoints, "site-a", TestSite.NewRoot(), TimeSpan.FromSeconds(3));
        var prefix = site.Etcd.Keys.NotificationsPrefix;
        var start = (await site.Etcd.GetPrefixAsync(prefix, timeout)).Revision + 1;
        var watched = new ConcurrentQueue<RegistryEvent>();
        using var stopWatch = CancellationTokenSource.CreateLinkedTokenSource(timeout);
        var watch = Task.Run(async () =>
        {
            await foreach (var change in site.Registry.Watcher.WatchAsync(prefix, start, stopWatch.Token))
            {
                watched.Enqueue(change);
            }
        }, CancellationToken.None);

        var unknownOutcomes = 0;
        var unavailable = TimeSpan.Zero; // from a write's first failure to its success, summed
        for (var i = 0; i < Writes; i++)
        {
            // Each member in turn is killed for a stretch of writes, so whichever one serves the watch dies once.
            switch (i)
            {
                case 30: cluster.KillMember(0); break;
                case 60: await cluster.StartMemberAsync(0); cluster.KillMember(1); break;
                case 90: await cluster.StartMemberAsync(1); cluster.KillMember(2); break;
                case 120: await cluster.StartMemberAsync(2); break;
            }
            var key = prefix + i.ToString("D4", CultureInfo.InvariantCulture);
            long? firstFailure = null;
            while (true)
            {
                try
                {
                    await site.Etcd.PutAsync(key, $"value-{i}", 0, timeout);
                    unavailable += firstFailure is { } failed ? System.Diagnostics.Stopwatch.GetElapsedTime(failed) : TimeSpan.Zero;
                    break;
                }
                catch (Exception e) when (e is RegistryWriteUnknownException or RegistryUnavailableException)
                {
                    // The caller's part: told "unknown" (or "unavailable", as etcd answers at once while it elects a new
                    // leader), it pauses and writes the same value again.
                    unknownOutcomes++;
                    firstFailure ??= System.Diagnostics.Stopwatch.GetTimestamp();
                    await Task.Delay(100, timeout);
                }
            }
        }

        while (watched.Count < Writes && !timeout.IsCancellationRequested)
        {
            await Task.Delay(50, timeout);
        }
        await Task.Delay(500, timeout); // any duplicate would arrive now
        await stopWatch.CancelAsync();
        await Task.WhenAny(watch);

        var stored = await site.Etcd.GetPrefixAsync(prefix, timeout);
        Assert.Equal(Writes, stored.Entries.Count);
        Assert.All(stored.Entries, e => Assert.Equal($"value-{int.Parse(e.Key[^4..], CultureInfo.InvariantCulture)}", e.Value));
        var events = watched.ToList();
        Assert.Equal(Writes, events.Select(e => e.Key).Distinct().Count());
        Assert.Equal(events.Count, events.Select(e => (e.Key, e.ModRevision)).Distinct().Count()); // no repeats
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.ModRevision < p.Second.ModRevision), "events out of revision order");
        output.WriteLine($"writes unavailable for {unavailable.TotalSeconds:0.##} s in all, {unknownOutcomes} unknown outcomes");
        // The quorum carries on: writes wait out an election (about a second per killed leader), not a lost member.
        Assert.True(unavailable < TimeSpan.FromSeconds(20), $"writes were unavailable for {unavailable.TotalSeconds:0.#} s ({unknownOutcomes} unknown outcomes)");
        Assert.True(site.Registry.Watcher.Reconnects >= 1, "the watch never lost its member: the test did not test resumption");
    }

    [Fact]
    public async Task MemberKilled_ConcurrentRoundClaims_StillExactlyOneWinner()
    {
        var timeout = TestSnapshots.Timeout(90);
        var root = TestSite.NewRoot();
        var sites = Enumerable.Range(0, 6).Select(i => new TestSite(cluster.Endpoints, $"site-{i}", root, TimeSpan.FromSeconds(3))).ToList();
        try
        {
            await Task.WhenAll(sites.Select(s => s.PublishKeyAsync(timeout)));
            cluster.KillMember(1);
            var claims = await Task.WhenAll(sites.Select(s => s.Registry.ClaimRoundAsync("dockerhub-arch", "2026-11-01", $"r-kill-{s.Key.Site}", DateTimeOffset.UtcNow, timeout)));

            var won = Assert.Single(claims, c => c.Won);
            Assert.All(claims, c => Assert.Equal((won.Holder.Site, won.Holder.Round), (c.Holder.Site, c.Holder.Round)));
        }
        finally
        {
            await cluster.StartMemberAsync(1);
            sites.ForEach(s => s.Dispose());
        }
    }
}
