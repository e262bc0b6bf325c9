using System.Diagnostics;
using System.Globalization;
using Mao.Bench.Pipeline;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Federation.Store;
using Mao.Orchestrations;
using Mao.Orchestrations.Activities;
using Mao.Orchestrations.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Bench.Rounds;

/// <summary>
/// One round's data path through the production activities, without the orchestrator, in a process of its own (so its
/// peak working set is the round's alone): fetch (each peer's snapshot read from the peer's store and put into the
/// announcer's, checked streaming as FetchPeerSnapshotActivity does after the download), verify (VerifyRoundActivity:
/// candidates opened from blob, engine, ground truth streamed to a staged upload) and publish (PublishGroundTruthActivity:
/// git ground-truth branch + tag, pushed with `--push`, then etcd). Announce and collect are etcd messages whose cost does
/// not depend on size (the `rounds` benchmark measures them). Started by <see cref="RoundMemoryBenchmark"/> and the memory
/// test through <see cref="RoundFigures.RunAsync"/>; prints one <see cref="RoundFigures"/> line. `--in-memory` verifies the
/// way rounds did before streaming (every candidate a <see cref="Snapshot"/>, the ground truth one too), for comparison.
/// </summary>
public sealed class RoundRun : IBenchmark
{
    public string Name => "round-run";

    public string Description => "(started by `round-memory`) one round: --storage CONN --etcd ENDPOINTS --data DIR --name CONTAINER --records N --ids A,B,C [--in-memory] [--push]";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? throw new ArgumentException($"round-run: missing {name} (usage: {Description})");
        var data = Arg("--data");
        var name = Arg("--name");
        var records = int.Parse(Arg("--records"), CultureInfo.InvariantCulture);
        var ids = Arg("--ids").Split(',');
        var inMemory = args.Contains("--in-memory");
        var settings = new FederationSettings
        {
            SiteId = RoundSnapshots.Site(0),
            DataDirectory = data,
            StorageConnectionString = Arg("--storage"),
            Etcd = new EtcdOptions { Endpoints = Arg("--etcd"), KeyRoot = "/" + name },
            GitRemote = args.Contains("--push") ? Path.Combine(data, "remotes") : null,
            SnapshotContainer = name,
            SnapshotTable = name,
            Tools = [RoundSnapshots.Tool],
            PublicEndpoint = "http://127.0.0.1:9/", // pointers name it; no API runs here
        };
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddFederatedRounds(settings);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<SnapshotStore>();
        await store.InitializeAsync(cancellationToken);
        var peers = new SnapshotStore(new SnapshotStoreOptions
        {
            ConnectionString = settings.StorageConnectionString!, Container = name + "peers", IndexTable = name + "peers", TempFolder = Path.Combine(data, "tmp"),
        });
        var period = Period.Of(RoundSnapshots.Day);
        var round = $"{period}-bench";
        var clock = Stopwatch.StartNew();

        PipelineFigures.ResetPeak();
        long snapshotBytes = 0;
        foreach (var id in ids.Skip(1))
        {
            await using var body = await peers.OpenAsync(id, cancellationToken);
            snapshotBytes += body.Length;
            await store.PutCanonicalAsync(body, id, cancellationToken);
        }
        var fetchSeconds = clock.Elapsed.TotalSeconds;
        var fetchPeak = PipelineFigures.ReadPeakWorkingSet();

        PipelineFigures.ResetPeak();
        var candidates = ids.Select((id, i) => new Candidate(RoundSnapshots.Site(i), id)).ToArray();
        var request = new VerifyRequest(RoundSnapshots.Tool, round, period, settings.SiteId, candidates);
        VerifyOutcome verified;
        long heapPeak;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using (var sampler = new Verify.PeakSampler())
        {
            verified = inMemory
                ? await VerifyInMemoryAsync(provider, request, cancellationToken)
                : await provider.GetRequiredService<VerifyRoundActivity>().ExecuteAsync(request, cancellationToken);
            heapPeak = sampler.Stop().PeakHeap;
        }
        var verifySeconds = clock.Elapsed.TotalSeconds - fetchSeconds;
        var verifyCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var verifyPeak = PipelineFigures.ReadPeakWorkingSet();

        PipelineFigures.ResetPeak();
        // Only the round holding its period's claim may publish (readers refuse any other); the bench's round claims first.
        var registry = provider.GetRequiredService<FederationRegistry>();
        await new SiteKeyDirectory(registry.Etcd).PublishAsync(registry.Signer.Key.Site, registry.Signer.Key.PublicKey, cancellationToken);
        var claim = await registry.ClaimRoundAsync(RoundSnapshots.Tool, period, round, DateTimeOffset.UtcNow, cancellationToken);
        if (!claim.Won)
        {
            throw new InvalidOperationException($"round {round} lost the claim of {RoundSnapshots.Tool}/{period} to {claim.Holder.Site}'s {claim.Holder.Round}");
        }
        var draft = new VerifiedResult(RoundSnapshots.Tool, period, round, settings.SiteId, 1, verified.GroundTruth, verified.Support, verified.Dissent,
            [], [], verified.Excluded, DateTimeOffset.UtcNow);
        var published = await provider.GetRequiredService<PublishGroundTruthActivity>().ExecuteAsync(draft, cancellationToken);
        if (!published.Created)
        {
            throw new InvalidOperationException($"round {round} did not publish: {published.Standing.Round} stands");
        }
        var publishSeconds = clock.Elapsed.TotalSeconds - fetchSeconds - verifySeconds;
        var publishPeak = PipelineFigures.ReadPeakWorkingSet();

        var entry = await store.Blobs.GetEntryAsync(verified.GroundTruth.ContentId, cancellationToken)
            ?? throw new InvalidOperationException($"ground truth {verified.GroundTruth.ContentId} is not stored");
        var figures = new RoundFigures(records, ids.Length, fetchSeconds, verifySeconds, publishSeconds, Math.Max(fetchPeak, Math.Max(verifyPeak, publishPeak)),
            fetchPeak, verifyPeak, publishPeak, heapPeak, snapshotBytes / Math.Max(1, ids.Length - 1), entry.Size, (int)entry.RecordCount,
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, verifyCpu, entry.ContentId, inMemory);
        output.WriteLine(figures.Format());
        return 0;
    }

    /// <summary>Verification as it was before streaming: every candidate loaded whole, the ground truth built in memory, then stored.</summary>
    private static async Task<VerifyOutcome> VerifyInMemoryAsync(IServiceProvider provider, VerifyRequest request, CancellationToken cancellationToken)
    {
        var library = provider.GetRequiredService<ISnapshotLibrary>();
        var observations = new List<SiteObservation>();
        foreach (var candidate in request.Candidates)
        {
            observations.Add(new SiteObservation(candidate.Site, await library.LoadAsync(candidate.ContentId, cancellationToken)));
        }
        var (outcome, truth) = provider.GetRequiredService<IVerifier>().VerifyInMemory(
            new VerificationInput(request.Tool, request.Round, request.Announcer, observations));
        var staged = await provider.GetRequiredService<IGroundTruthSink>().StageAsync(request.Tool, request.Round, truth, cancellationToken);
        return new VerifyOutcome(staged, outcome.Support, outcome.Dissent, outcome.Excluded);
    }
}
