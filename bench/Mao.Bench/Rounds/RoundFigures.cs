using System.Globalization;
using Mao.Bench.Pipeline;

namespace Mao.Bench.Rounds;

/// <summary>What one <see cref="RoundRun"/> measured, as the one line it prints and its parent parses. Peaks are VmHWM per stage, in bytes.</summary>
public sealed record RoundFigures(int Records, int Sites, double FetchSeconds, double VerifySeconds, double PublishSeconds, long PeakWorkingSet,
    long FetchPeak, long VerifyPeak, long PublishPeak, long VerifyHeapPeak, long SnapshotBytes, long GroundTruthBytes, int GroundTruthRecords,
    double CpuSeconds, double VerifyCpuSeconds, string GroundTruthId, bool InMemory)
{
    private const string Prefix = "round-figures ";

    public double TotalSeconds => FetchSeconds + VerifySeconds + PublishSeconds;

    public string Format() => Prefix + string.Join(' ', new[]
    {
        Pair("records", Records), Pair("sites", Sites), Pair("fetch", FetchSeconds), Pair("verify", VerifySeconds), Pair("publish", PublishSeconds),
        Pair("peak", PeakWorkingSet), Pair("fetchPeak", FetchPeak), Pair("verifyPeak", VerifyPeak), Pair("publishPeak", PublishPeak),
        Pair("verifyHeapPeak", VerifyHeapPeak), Pair("snapshotBytes", SnapshotBytes), Pair("groundTruthBytes", GroundTruthBytes),
        Pair("groundTruthRecords", GroundTruthRecords), Pair("cpu", CpuSeconds), Pair("verifyCpu", VerifyCpuSeconds), $"id={GroundTruthId}", $"inMemory={InMemory}",
    });

    public static RoundFigures Parse(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal))
            ?? throw new FormatException($"no '{Prefix.Trim()}' line in the run's output:\n{output}");
        var pairs = line[Prefix.Length..].Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        double D(string key) => double.Parse(pairs[key], CultureInfo.InvariantCulture);
        return new RoundFigures((int)D("records"), (int)D("sites"), D("fetch"), D("verify"), D("publish"), (long)D("peak"), (long)D("fetchPeak"),
            (long)D("verifyPeak"), (long)D("publishPeak"), (long)D("verifyHeapPeak"), (long)D("snapshotBytes"), (long)D("groundTruthBytes"),
            (int)D("groundTruthRecords"), D("cpu"), D("verifyCpu"), pairs["id"], bool.Parse(pairs["inMemory"]));
    }

    /// <summary>
    /// Stores the sites' synthetic snapshots (streamed, in this process): site-a's in the announcer's container, the others
    /// in a peer's container. Then runs <see cref="RoundRun"/> in a process of its own and reads its figures.
    /// </summary>
    public static async Task<RoundFigures> RunAsync(string storage, string etcd, string data, int records, int sites, bool inMemory, bool push,
        CancellationToken cancellationToken)
    {
        var name = "r" + Guid.NewGuid().ToString("N")[..10];
        var announcer = new Mao.Federation.Store.SnapshotStore(new() { ConnectionString = storage, Container = name, IndexTable = name, TempFolder = Path.Combine(data, "tmp") });
        var peers = new Mao.Federation.Store.SnapshotStore(new() { ConnectionString = storage, Container = name + "peers", IndexTable = name + "peers", TempFolder = Path.Combine(data, "tmp") });
        await announcer.InitializeAsync(cancellationToken);
        await peers.InitializeAsync(cancellationToken);
        var ids = new List<string>();
        for (var site = 0; site < sites; site++)
        {
            ids.Add((await RoundSnapshots.StoreAsync(site == 0 ? announcer : peers, site, records, cancellationToken)).ContentId);
        }
        var args = new List<string> { "round-run", "--storage", storage, "--etcd", etcd, "--data", data, "--name", name,
            "--records", records.ToString(CultureInfo.InvariantCulture), "--ids", string.Join(',', ids) };
        if (inMemory)
        {
            args.Add("--in-memory");
        }
        if (push)
        {
            args.Add("--push");
        }
        return Parse(await BenchProcess.RunAsync(args, cancellationToken));
    }

    private static string Pair(string key, double value) => string.Create(CultureInfo.InvariantCulture, $"{key}={value:0.###}");
}
