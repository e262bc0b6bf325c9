using System.Diagnostics;
using System.Globalization;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Federation.Store;
using Mao.Orchestrations.ToolRuns;
using Mao.Tools.Manifests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Bench.Pipeline;

/// <summary>
/// One dockerhub-tags tool run through the production activities, without the orchestrator, in a process of its own (so
/// its peak working set is the pipeline's alone): plan (the Hub's repository listing), fetch every unit and checkpoint
/// it in blob storage (as RunToolUnitActivity, in batches like the orchestrator's), then keep (ToolRunAssembly: external
/// sort, canonical form streamed to blob, table index, git commit and push). The round the keep step would then announce
/// is not started (one etcd claim, independent of size). Started by <see cref="PipelineBenchmark"/> and the memory test;
/// prints one <see cref="PipelineFigures"/> line. `--in-memory` keeps the snapshot the old way (all records in a
/// <see cref="Snapshot"/>), for comparison.
/// </summary>
public sealed class PipelineRun : IBenchmark
{
    private bool _noPush;

    public string Name => "pipeline-run";

    public string Description => "(started by `pipeline`) one run: --hub URL --storage CONN --etcd ENDPOINTS --data DIR --tags N [--concurrency C] [--in-memory] [--no-push: commit to git, push nowhere]";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? throw new ArgumentException($"pipeline-run: missing {name} (usage: {Description})");
        var hub = Arg("--hub");
        var data = Arg("--data");
        var expected = int.Parse(Arg("--tags"), CultureInfo.InvariantCulture);
        var concurrency = args.Contains("--concurrency") ? int.Parse(Arg("--concurrency"), CultureInfo.InvariantCulture) : 8;
        var inMemory = args.Contains("--in-memory");
        _noPush = args.Contains("--no-push");
        var run = "p" + Guid.NewGuid().ToString("N")[..10];
        var settings = new FederationSettings
        {
            SiteId = "bench-site",
            DataDirectory = data,
            StorageConnectionString = Arg("--storage"),
            Etcd = new EtcdOptions { Endpoints = Arg("--etcd"), KeyRoot = "/" + run },
            GitRemote = args.Contains("--no-push") ? null : Path.Combine(data, "remotes"),
            SnapshotContainer = run,
            SnapshotTable = run,
            Tools = [ToolManifests.DockerHubTags.Name],
            PublicEndpoint = "http://127.0.0.1:9/", // pointers name it; no API runs here
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mao:DockerHub:HubBaseUrl"] = hub,
            ["Mao:DockerHub:RegistryBaseUrl"] = hub,
            ["Mao:DockerHub:AuthBaseUrl"] = hub,
            ["Mao:DockerHub:UnitPageSize"] = "100",
            ["Mao:DockerHub:Namespaces:0"] = "library",
        }).Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddFederation(settings);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddToolRuns(configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SnapshotStore>().InitializeAsync(cancellationToken);

        var tool = ToolManifests.DockerHubTags;
        var request = new ToolRunRequest(tool.Name, Period.Of(DateTimeOffset.UtcNow), DateTimeOffset.UtcNow, concurrency);
        var clock = Stopwatch.StartNew();
        var planned = await provider.GetRequiredService<PlanToolRunActivity>().ExecuteAsync(request, cancellationToken);
        var plan = await provider.GetRequiredService<RunLedger>().UnitsAsync(request.Tool, request.Period, "bench", 0, planned.Units, cancellationToken);
        var planSeconds = clock.Elapsed;
        var units = await FetchUnitsAsync(provider, request, plan, cancellationToken);
        var fetched = clock.Elapsed;
        var fetchPeak = PipelineFigures.ReadPeakWorkingSet();
        var fetchHeap = GC.GetTotalMemory(forceFullCollection: true); // what the fetch stage retains, not what the GC let grow
        PipelineFigures.ResetPeak(); // the keep step's own peak from here
        using var sampler = new Verify.PeakSampler(); // the keep step's managed heap peak, beside its working set
        var header = new SnapshotHeader(tool.Name, tool.Version, settings.SiteId, request.ObservedAt, tool.Schema);
        var (contentId, records) = inMemory
            ? await KeepInMemoryAsync(provider, header, request, units, cancellationToken)
            : await KeepStreamedAsync(provider, header, request, units, cancellationToken);
        var kept = clock.Elapsed;
        var keepHeap = sampler.Stop().PeakHeap;
        if (records != expected)
        {
            throw new InvalidOperationException($"the run kept {records} records for {expected} tags");
        }
        var figures = new PipelineFigures(records, units.Count, planSeconds.TotalSeconds, (fetched - planSeconds).TotalSeconds, (kept - fetched).TotalSeconds,
            Math.Max(fetchPeak, PipelineFigures.ReadPeakWorkingSet()), fetchPeak, PipelineFigures.ReadPeakWorkingSet(), fetchHeap, keepHeap, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, contentId, inMemory);
        output.WriteLine(figures.Format());
        return 0;
    }

    /// <summary>As the orchestrator does: batches of units in plan order, follow-up pages added at the end.</summary>
    private static async Task<List<string>> FetchUnitsAsync(IServiceProvider provider, ToolRunRequest request, List<string> plan, CancellationToken cancellationToken)
    {
        var activity = provider.GetRequiredService<RunToolUnitActivity>();
        var units = plan.ToList();
        var known = units.ToHashSet(StringComparer.Ordinal);
        var done = 0;
        while (done < units.Count)
        {
            var batch = units.Skip(done).Take(request.Concurrency)
                .Select(unit => activity.ExecuteAsync(new ToolUnitWork(request.Tool, request.Period, unit), cancellationToken));
            var finished = await Task.WhenAll(batch);
            done += finished.Length;
            units.AddRange(finished.Select(d => d.Next).OfType<string>().Where(known.Add));
        }
        return units;
    }

    private async Task<(string, int)> KeepStreamedAsync(IServiceProvider provider, SnapshotHeader header, ToolRunRequest request,
        List<string> units, CancellationToken cancellationToken)
    {
        var kept = await provider.GetRequiredService<ToolRunAssembly>().KeepAsync(header, request.Tool, request.Period, units, cancellationToken);
        return (Pushed(kept.Pointer), kept.Records);
    }

    /// <summary>The content id of a snapshot that is committed and pushed (its pointer names the git remote), else an error.</summary>
    private string Pushed(SnapshotPointer pointer) =>
        _noPush || pointer.Locations.Any(l => l.Kind == LocationKind.Git) ? pointer.ContentId
            : throw new InvalidOperationException($"snapshot {pointer.ContentId} was stored but not committed and pushed to git");

    /// <summary>The keep step before streaming: every record in one <see cref="Snapshot"/>, then the library.</summary>
    private async Task<(string, int)> KeepInMemoryAsync(IServiceProvider provider, SnapshotHeader header, ToolRunRequest request,
        List<string> units, CancellationToken cancellationToken)
    {
        var checkpoints = provider.GetRequiredService<UnitCheckpoints>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var records = new List<SnapshotRecord>();
        foreach (var unit in units)
        {
            records.AddRange((await checkpoints.RecordsAsync(request.Tool, request.Period, unit, cancellationToken)).Where(r => seen.Add(r.Key)));
        }
        var snapshot = new Snapshot(header, records);
        var pointer = await provider.GetRequiredService<ISnapshotLibrary>().KeepAsync(snapshot, cancellationToken);
        return (Pushed(pointer), snapshot.Records.Count);
    }
}
