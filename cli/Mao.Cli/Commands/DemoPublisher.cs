using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;
using Mao.Orchestrations.Rounds;
using Mao.Orchestrations.Scheduling;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>What the demo kept of a round's ground truth, and where.</summary>
internal sealed record DemoPublication(
    StoreResult Stored,
    string DatasetPath,
    string GitCommit,
    string GitTag,
    bool VerifiedWon,
    VerifiedResult Verified);

/// <summary>Keeps a round's ground truth the way a site does: blob + table index, git dataset, signed etcd record.</summary>
internal static class DemoPublisher
{
    private const string Site = "site-a";

    public static async Task<DemoPublication> PublishAsync(RoundResult round, string storage, string etcdEndpoints, string folder, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(round.GroundTruth.Location, ct);
        var groundTruth = SnapshotJsonLines.Read(bytes, round.GroundTruth.Location);
        var period = groundTruth.Header.ObservedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var store = new SnapshotStore(new SnapshotStoreOptions { ConnectionString = storage });
        await store.InitializeAsync(ct);
        var stored = await store.PutAsync(groundTruth, ct);
        var reread = await store.GetAsync(stored.Entry.ContentId, ct); // reads verify the content id
        if (reread.ContentId != groundTruth.ContentId)
        {
            throw new InvalidOperationException($"blob store returned {reread.ContentId} for {groundTruth.ContentId}");
        }

        var datasets = Path.Combine(folder, "datasets");
        using var dataset = DatasetRepository.OpenOrInit(datasets, round.Tool);
        var commit = dataset.CommitGroundTruth(new MemoryStream(bytes, writable: false), stored.Entry, period, round.RoundId);

        using var etcd = new EtcdRegistry(new EtcdOptions { Endpoints = etcdEndpoints });
        var signer = new MessageSigner(SiteKeyPair.LoadOrCreate(Path.Combine(folder, "identity"), Site));
        var registry = new FederationRegistry(etcd, signer);
        var card = new SiteCard(Site, "MAO demo site", "http://127.0.0.1:7400", signer.Key.PublicKey, [round.Tool], 1);
        await using var registration = await registry.RegisterSiteAsync(card, TimeSpan.FromSeconds(30), ct);
        await registry.PublishToolAsync(new ToolManifest(round.Tool, groundTruth.Header.ToolVersion, Schedules.ConsensusRounds, groundTruth.Schema,
            "AWS Serverless Application Repository catalogue"), ct);

        var verified = new VerifiedResult(round.Tool, period, round.RoundId, Site, 1,
            new Mao.Federation.Registry.Documents.SnapshotPointer(groundTruth.ContentId, dataset.Path, commit, "snapshots"),
            round.Support, round.Excluded.Select(e => e.Split(':')[0]).ToArray(), DateTimeOffset.UtcNow);
        // Compare-and-swap: the first verified result of a period stands; a later demo run finds it and keeps it.
        var cas = await registry.PublishVerifiedAsync(verified, ct);
        // Reading back checks the signature against the key the site card published.
        var readBack = await registry.ReadVerifiedAsync(round.Tool, period, ct)
            ?? throw new InvalidOperationException($"no verified result for {round.Tool}/{period} after publishing");
        return new DemoPublication(stored, dataset.Path, commit, DatasetRepository.TagOf(round.RoundId), cas.Won, readBack.Message);
    }

    public static void Print(DemoPublication publication)
    {
        var table = new Table().AddColumns("kept in", "what");
        table.AddRow("blob + table", $"{publication.Stored.Entry.ContentId[..16]}... {publication.Stored.Entry.RecordCount} records, {publication.Stored.Entry.Size:N0} bytes ({(publication.Stored.Created ? "new" : "already there")})");
        table.AddRow("git dataset", Markup.Escape($"{publication.DatasetPath} ground-truth {publication.GitCommit[..12]} tag {publication.GitTag}"));
        table.AddRow("etcd /mao/verified", Markup.Escape(publication.VerifiedWon
            ? $"{publication.Verified.Tool}/{publication.Verified.Period} published by {publication.Verified.Site}, signature verified on read"
            : $"{publication.Verified.Tool}/{publication.Verified.Period} already verified by round {publication.Verified.Round}: kept (the first verified result stands)"));
        AnsiConsole.Write(table);
    }
}
