using System.Diagnostics;
using Mao.Core.Serialization;
using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.DockerHub;
using Mao.Tools.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Bench;

/// <summary>
/// Tag records per second through the production Docker Hub crawler against a local replay server (real HTTP on
/// 127.0.0.1): fetch, parse, normalise, checkpoint, build the snapshot and hash its canonical form. Also the managed
/// heap as the crawl grows. Args: [tags-per-size...] (default 10000 20000 40000) [--registry-every N].
/// </summary>
public sealed class CrawlBenchmark : IBenchmark
{
    private const int TagsPerRepository = 100;

    public string Name => "crawl";

    public string Description => "Docker Hub crawl throughput (tag records/s, goal >= 5,000) and memory vs crawl size";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var registryEvery = 0;
        var sizes = new List<int>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--registry-every" && i + 1 < args.Length)
            {
                registryEvery = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                sizes.Add(int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        if (sizes.Count == 0)
        {
            sizes = [10_000, 20_000, 40_000];
        }
        output.WriteLine($"tags per repository {TagsPerRepository}; registry path every {(registryEvery == 0 ? "never" : registryEvery + " tags")}; names generated, platforms from recorded indexes");
        output.WriteLine("| tags | seconds | records/s (wall) | records per CPU-second (crawler + replay server) | heap at 25% | 50% | 75% | 100% | heap growth bytes/record (25%->100%) |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        await ParseOnlyAsync(output, cancellationToken);
        var goalMet = true;
        await RunOnceAsync(2_000, registryEvery, output, cancellationToken, print: false); // warm-up: JIT, connection pool
        foreach (var size in sizes)
        {
            goalMet &= await RunOnceAsync(size, registryEvery, output, cancellationToken, print: true) >= 5_000 || registryEvery > 0;
        }
        return goalMet ? 0 : 1;
    }

    private static async Task<double> RunOnceAsync(int tags, int registryEvery, TextWriter output, CancellationToken cancellationToken, bool print)
    {
        var repositories = Math.Max(1, tags / TagsPerRepository);
        var world = SyntheticHub.Build("library", repositories, TagsPerRepository, registryEvery);
        await using var server = await ReplayServer.StartAsync(cancellationToken);
        DockerHubReplay.Mount(server, world);
        await using var services = CrawlerServices.Build(new Dictionary<string, string?>
        {
            ["Mao:DockerHub:HubBaseUrl"] = server.BaseUrl.ToString(),
            ["Mao:DockerHub:RegistryBaseUrl"] = server.BaseUrl.ToString(),
            ["Mao:DockerHub:AuthBaseUrl"] = server.BaseUrl.ToString(),
            ["Mao:DockerHub:RepositoryConcurrency"] = "4",
        });
        var crawler = services.GetRequiredService<DockerHubCrawler>();

        // Timed run: nothing but the crawl (a forced collection inside it would be timed too).
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (elapsed, records) = await TimedCrawlAsync(crawler, $"bench-{tags}", null, world.TagCount, cancellationToken);
        // Memory run: the same crawl again, sampling the heap after full collections at each quarter.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var heap = new long[4];
        await TimedCrawlAsync(crawler, $"bench-{tags}-memory", new HeapSampler(repositories, heap), world.TagCount, cancellationToken);
        heap[3] = Heap();
        var rate = records / elapsed.TotalSeconds;
        if (print)
        {
            static string Mb(long bytes) => $"{bytes / 1048576.0:F1} MB";
            var perRecord = (heap[3] - heap[0]) / (records * 0.75);
            output.WriteLine($"| {records:N0} | {elapsed.TotalSeconds:F2} | {rate:N0} | {records / cpu.TotalSeconds:N0} | {Mb(heap[0])} | {Mb(heap[1])} | {Mb(heap[2])} | {Mb(heap[3])} | {perRecord:N0} |");
        }
        return rate;
    }

    private static async Task<(TimeSpan Elapsed, int Records)> TimedCrawlAsync(
        DockerHubCrawler crawler, string crawlId, IProgress<CrawlProgress>? progress, int expected, CancellationToken cancellationToken)
    {
        var checkpointDir = Path.Combine(Path.GetTempPath(), "mao-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var result = await crawler.CrawlAsync(new CrawlRequest("bench", crawlId, DateTimeOffset.UtcNow, Progress: progress),
                new FileCheckpointStore(checkpointDir), cancellationToken);
            var contentId = result.Snapshot?.ContentId; // canonical serialisation + SHA-256, as storing it would
            stopwatch.Stop();
            var records = result.Snapshot?.Records.Count ?? 0;
            if (records != expected || !ContentId.IsWellFormed(contentId))
            {
                throw new InvalidOperationException($"crawl returned {records} records for {expected} tags ({result.Report.Status}: {result.Report.Summary})");
            }
            return (stopwatch.Elapsed, records);
        }
        finally
        {
            Directory.Delete(checkpointDir, recursive: true);
        }
    }

    /// <summary>The crawler's own share: parse one served tags page and normalise it into records, without HTTP or server.</summary>
    private static async Task ParseOnlyAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var world = SyntheticHub.Build("library", 1, TagsPerRepository);
        await using var server = await ReplayServer.StartAsync(cancellationToken);
        DockerHubReplay.Mount(server, world);
        using var http = new HttpClient();
        var body = await http.GetByteArrayAsync(server.Url("v2/namespaces/library/repositories/repo00000/tags?page_size=100"), cancellationToken);
        const int rounds = 300;
        var stopwatch = Stopwatch.StartNew();
        var records = 0;
        for (var round = 0; round < rounds; round++)
        {
            var page = System.Text.Json.JsonSerializer.Deserialize(body, HubJsonContext.Default.HubPageHubTag)!;
            foreach (var tag in page.Results!)
            {
                TagRecords.Build("library/repo00000", DateTimeOffset.UnixEpoch, tag, null, TagRecords.PlatformsOf(tag), TagRecords.FromHubImages);
                records++;
            }
        }
        stopwatch.Stop();
        output.WriteLine($"parse + normalise only (one {body.Length / 1024} KiB page of {TagsPerRepository} tags, {rounds} times): {records / stopwatch.Elapsed.TotalSeconds:N0} records/s");
    }

    private static long Heap() => GC.GetTotalMemory(forceFullCollection: true);

    /// <summary>Samples the heap (after a full collection) when a quarter, half and three quarters of the repositories are done.</summary>
    private sealed class HeapSampler(int repositories, long[] samples) : IProgress<CrawlProgress>
    {
        private int _next;

        public void Report(CrawlProgress value)
        {
            var quarter = Volatile.Read(ref _next);
            if (quarter < 3 && value.UnitsDone >= repositories * (quarter + 1) / 4 && Interlocked.CompareExchange(ref _next, quarter + 1, quarter) == quarter)
            {
                samples[quarter] = Heap();
            }
        }
    }
}
