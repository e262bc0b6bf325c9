using System.Diagnostics;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Testing;
using static Mao.Bench.Federation.BenchReport;

namespace Mao.Bench.Federation;

/// <summary>
/// Registry: N sites (default 100) register, and for each of T tools (default 10) one site announces a round and
/// every site answers, signed; an observer watches and verifies every answer. On a real 3-member loopback etcd cluster.
/// </summary>
public sealed class RegistryBenchmark : IBenchmark
{
    public string Name => "registry";

    public string Description => "etcd: site cards, signed announcements and answers for [sites=100] x [tools=10] on a 3-member cluster";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var report = new BenchReport(output);
        var siteCount = Arg(args, 0, 100);
        var toolCount = Arg(args, 1, 10);
        var cluster = new EtcdClusterFixture();
        await cluster.InitializeAsync();
        try
        {
            using var etcd = new EtcdRegistry(new EtcdOptions { Endpoints = cluster.Endpoints, CallTimeout = TimeSpan.FromSeconds(10) });
            var keys = Enumerable.Range(0, siteCount).Select(i => SiteKeyPair.CreateEphemeral($"site-{i:D3}")).ToList();
            var sites = keys.Select(k => new FederationRegistry(etcd, new MessageSigner(k))).ToList();
            var tools = Enumerable.Range(0, toolCount).Select(t => $"tool-{t:D2}").ToList();
            report.Title($"registry: {siteCount} sites x {toolCount} tools, 3-member etcd cluster on loopback");

            var registrations = new SiteRegistration[siteCount];
            var elapsed = await TimeAsync(() => Parallel.ForEachAsync(Enumerable.Range(0, siteCount), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (i, ct) => registrations[i] = await sites[i].RegisterSiteAsync(Card(keys[i], tools), TimeSpan.FromSeconds(30), ct)));
            report.Rate("register (publish key + leased card)", siteCount, elapsed, "sites");
            var live = Stopwatch.StartNew();
            var liveCount = (await sites[0].LiveSitesAsync(cancellationToken)).Count;
            report.Line("read live set", $"{liveCount} cards in {Ms(live.Elapsed)}");

            // The observer (another process in real life) watches every tool's answers before anyone answers.
            var observer = new FederationRegistry(etcd, new MessageSigner(SiteKeyPair.CreateEphemeral("observer")));
            var expected = siteCount * toolCount;
            var received = 0;
            var allIn = new TaskCompletionSource();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watches = tools.Select(tool => Task.Run(async () =>
            {
                await foreach (var answer in observer.WatchAnswersAsync(tool, "r-1", stop.Token))
                {
                    if (answer.Rejection is not null)
                    {
                        report.Title($"rejected: {answer.Rejection.Message}");
                    }
                    if (answer.Accepted is not null && Interlocked.Increment(ref received) == expected)
                    {
                        allIn.TrySetResult();
                    }
                }
            }, CancellationToken.None)).ToList();
            await Task.Delay(500, cancellationToken); // let the watches open

            var now = DateTimeOffset.UtcNow;
            SnapshotPointer Pointer(string tool, string site, char id) => new(new string(id, 64), 1, tool, "1.0.0", site, "2026-11-01", now,
                [new SnapshotLocation(LocationKind.Http, $"http://{site}.example/api/snapshots/{new string(id, 64)}")]);
            elapsed = await TimeAsync(() => Task.WhenAll(tools.Select((tool, t) => sites[t % siteCount].AnnounceAsync(
                new RoundAnnouncement(tool, "r-1", "2026-11-01", keys[t % siteCount].Site, 1, Pointer(tool, keys[t % siteCount].Site, 'a'), [], now.AddMinutes(5)), cancellationToken))));
            report.Rate("announce (sign + create-only txn)", toolCount, elapsed, "announcements");

            var answering = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, expected), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (n, ct) =>
                {
                    var (site, tool) = (n % siteCount, tools[n / siteCount]);
                    await sites[site].AnswerAsync(new RoundAnswer(tool, "r-1", keys[site].Site, 1, AnswerKind.Snapshot, Pointer(tool, keys[site].Site, 'b')), ct);
                });
            report.Rate("answer (sign + create-only txn), 16 in flight", expected, answering.Elapsed, "answers");
            await allIn.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
            report.Rate("answers watched and verified by an observer", expected, answering.Elapsed, "answers");

            var collect = Stopwatch.StartNew();
            var read = await observer.ReadAnswersAsync(tools[0], "r-1", cancellationToken);
            report.Line("read + verify all answers of one round", $"{read.Count} in {Ms(collect.Elapsed)}");

            await stop.CancelAsync();
            await Task.WhenAll(watches.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
            foreach (var registration in registrations)
            {
                await registration.DisposeAsync();
            }
            keys.ForEach(k => k.Dispose());
            return 0;
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static SiteCard Card(SiteKeyPair key, IReadOnlyList<string> tools) =>
        new(key.Site, key.Site, $"http://{key.Site}.example:8080/", key.PublicKey, tools, 1, $"https://git.example/{key.Site}");
}
