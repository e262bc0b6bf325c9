using System.Diagnostics;
using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Federation.Store;
using Mao.Testing;
using static Mao.Bench.Federation.BenchReport;

namespace Mao.Bench.Federation;

/// <summary>
/// Git dataset: one year of daily snapshots (default 365 commits) of a dataset of about S MB (default 10) in which
/// 1% of the records change each day; time per commit, repository size loose, and size once pushed (packed) to a bare remote.
/// </summary>
public sealed class GitBenchmark : IBenchmark
{
    private const int BytesPerRecord = 81; // measured size of one canonical record line of this shape

    public string Name => "git";

    public string Description => "git: [days=365] daily commits of a [mb=10] MB dataset with 1% daily change; time and repository size";

    public Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var report = new BenchReport(output);
        var days = Arg(args, 0, 365);
        var megabytes = Arg(args, 1, 10);
        var records = megabytes * 1024 * 1024 / BytesPerRecord;
        using var folder = new TempFolder("mao-bench-git");
        using var remotes = new GitRepositories();
        using var repository = DatasetRepository.OpenOrInit(folder.Path, "dockerhub-arch");

        long datasetBytes = 0;
        var commitTime = TimeSpan.Zero;
        var clock = new Stopwatch();
        for (var day = 0; day < days; day++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Record i changes on day d when i % 100 == d % 100: 1% of the records each day, a different 1% every day.
            var snapshot = StoreBenchmark.Make(day * 4, records, changedEvery: 100);
            var bytes = SnapshotJsonLines.ToBytes(snapshot);
            datasetBytes = bytes.Length;
            clock.Restart();
            repository.CommitSnapshot(new MemoryStream(bytes), SnapshotEntry.Of(snapshot.Header, ContentId.Of(bytes), records, bytes.Length));
            commitTime += clock.Elapsed;
        }
        report.Title($"git: {days} daily commits, dataset {Mb(datasetBytes)} ({records} records), 1% of records change per day");
        report.Rate("commit (blob + tree + commit, no working tree)", days, commitTime, "commits");
        report.Line("raw data committed", Mb(datasetBytes * days));
        report.Line("local repository (loose objects, as libgit2 leaves it)", Mb(FolderSize(repository.Path)));

        var remote = new GitRemoteOptions("origin", remotes.CreateBare("dockerhub-arch"));
        clock.Restart();
        repository.Push(remote, "sites/site-0");
        report.Line("push to a bare remote (libgit2 packs with deltas)", $"{clock.Elapsed.TotalSeconds:0.0} s, remote {Mb(FolderSize(remote.Url))}");

        clock.Restart();
        GitRepositories.Git(remote.Url, "gc", "--quiet");
        report.Line("remote after git gc", $"{Mb(FolderSize(remote.Url))} ({clock.Elapsed.TotalSeconds:0.0} s)");
        return Task.FromResult(0);
    }
}
