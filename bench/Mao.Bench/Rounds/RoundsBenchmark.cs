using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Mao.Bench.Federation;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Orchestrations.Api;
using Mao.Testing;
using static Mao.Bench.Federation.BenchReport;

namespace Mao.Bench.Rounds;

/// <summary>
/// Consensus rounds between `mao site run` processes on Azurite and a 3-member etcd: for each federation size
/// (default 3 and 9 sites) one warm-up round, then R (default 5) sequential rounds of different periods announced
/// by one site, every other site expected and holding a small snapshot of the period (so every answer is fetched).
/// Latency runs from POST /api/rounds to the verified result in etcd.
/// </summary>
public sealed class RoundsBenchmark : IBenchmark
{
    private static readonly DateTimeOffset Day0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly MetricSchema Schema = new("artifact",
        [new FieldSpec("latency", FieldKind.Performance), new FieldSpec("arch", FieldKind.Category)]);

    private const int IdleRounds = 3;

    public string Name => "rounds";

    public string Description => "announce-to-published latency of rounds between [sizes=3,9] site processes, [rounds=5] sequential rounds each";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var report = new BenchReport(output);
        var sizes = (args.Length > 0 ? args[0] : "3,9").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var rounds = Arg(args, 1, 5);
        await using var stack = await BenchStack.StartAsync(new EtcdClusterFixture());
        foreach (var size in sizes)
        {
            await RunSizeAsync(report, stack.Azurite.ConnectionString, stack.Etcd.Endpoints, size, rounds, cancellationToken);
        }
        return 0;
    }

    private static async Task RunSizeAsync(BenchReport report, string storage, string etcdEndpoints, int size, int rounds, CancellationToken ct)
    {
        report.Title($"rounds: {size} `mao site run` processes, Azurite + 3-member etcd on loopback, durable poll 1 s, 20-record snapshots at every site");
        await using var sites = new BenchSites(storage, etcdEndpoints);
        var names = Enumerable.Range(1, size).Select(i => $"site-{i}").ToArray();
        var startup = await TimeAsync(() => sites.StartAsync(names, ct));
        report.Line("start site hosts (one after the other)", string.Create(CultureInfo.InvariantCulture, $"{startup.TotalSeconds / size:0.0} s each"));

        var kept = new Dictionary<string, IReadOnlyList<SnapshotPointer>>(StringComparer.Ordinal);
        foreach (var site in names)
        {
            kept[site] = await sites.KeepAsync(site, Enumerable.Range(0, rounds + 1 + IdleRounds).Select(day => Make(site, day)), ct);
        }

        using var etcd = new EtcdRegistry(new EtcdOptions { Endpoints = etcdEndpoints });
        using var http = new HttpClient { BaseAddress = sites.Api(names[0]), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(ApiKeys.Header, sites.ApiKey(names[0]));
        Task<RoundTimeline> RoundAsync(int day) => RunRoundAsync(http, etcd, sites.Keys, kept[names[0]][day], names[1..], ct);

        report.Line("first round (cold hosts: JIT, connections)", Ms((await RoundAsync(0)).Published));
        var timelines = new List<RoundTimeline>();
        var all = Stopwatch.StartNew();
        for (var day = 1; day <= rounds; day++)
        {
            timelines.Add(await RoundAsync(day));
        }
        var sequential = all.Elapsed;
        // After a pause the durable queues' pollers have backed off to MaxQueuePollingInterval: each hop may wait for it.
        var idle = new List<RoundTimeline>();
        for (var day = rounds + 1; day <= rounds + IdleRounds; day++)
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            idle.Add(await RoundAsync(day));
        }

        var total = timelines.Select(t => t.Published).Order().ToArray();
        report.Line($"request -> verified in etcd, {rounds} back-to-back rounds", $"median {Ms(total[total.Length / 2])}, min {Ms(total[0])}, max {Ms(total[^1])}");
        report.Line("  request -> announcement in etcd", $"median {Ms(Median(timelines.Select(t => t.Announced)))}");
        report.Line($"  announcement -> all {size - 1} answers in etcd", $"median {Ms(Median(timelines.Select(t => t.Answered - t.Announced)))}");
        report.Line("  all answers -> fetching (events raised, orchestrator)", $"median {Ms(Median(timelines.Select(t => t.Fetching - t.Answered)))}");
        report.Line($"  fetching -> verifying ({size - 1} fetch activities)", $"median {Ms(Median(timelines.Select(t => t.Verifying - t.Fetching)))}");
        report.Line("  verifying -> publishing (verify activity)", $"median {Ms(Median(timelines.Select(t => t.Publishing - t.Verifying)))}");
        report.Line("  publishing -> verified in etcd (git, push, CAS)", $"median {Ms(Median(timelines.Select(t => t.Published - t.Publishing)))}");
        var afterPause = idle.Select(t => t.Published).Order().ToArray();
        report.Line($"after 10 s idle, {IdleRounds} rounds", $"median {Ms(afterPause[afterPause.Length / 2])}, max {Ms(afterPause[^1])}");
        report.Line("sequential rounds one announcer sustains",
            string.Create(CultureInfo.InvariantCulture, $"{rounds / sequential.TotalMinutes:0.0} rounds/min ({rounds} in {sequential.TotalSeconds:0.0} s)"));
    }

    private static async Task<RoundTimeline> RunRoundAsync(HttpClient http, EtcdRegistry etcd, KeyLayout keys, SnapshotPointer own, string[] peers,
        CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync("api/rounds",
            new StartRoundBody(BenchSites.Tool, ContentId: own.ContentId, ExpectedPeers: peers, AnswerWindowSeconds: 120), MaoJson.Options, ct);
        response.EnsureSuccessStatusCode();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(150));
        return await RoundTimeline.ObserveAsync(etcd, keys, http, own.Site, BenchSites.Tool, own.Period, peers.Length, clock, limit.Token);
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> spans)
    {
        var sorted = spans.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static Snapshot Make(string site, int day) =>
        new(new SnapshotHeader(BenchSites.Tool, "1.0", site, Day0.AddDays(day), Schema),
            Enumerable.Range(0, 20).Select(i => new SnapshotRecord($"library/image-{i:D2}", [FieldValue.Of(100 + i), FieldValue.Of(i % 2 == 0 ? "amd64" : "arm64")])));
}
