using System.Globalization;
using LibGit2Sharp;
using Mao.Bench.Pipeline;
using Mao.Federation.Git;
using Mao.Federation.Store;

namespace Mao.Bench.Git;

/// <summary>
/// Where libgit2 holds a large snapshot in native memory: the peak resident set (VmHWM, reset before each step) of
/// writing one N MB JSON-lines blob with <c>CreateBlob(Stream)</c>, with <c>Write&lt;Blob&gt;(Stream, size)</c>, of
/// <see cref="DatasetRepository.CommitSnapshot"/> (the keep step's commit, the snapshot cut into parts), of pushing to
/// a folder remote a commit holding the snapshot as one blob (the layout before parts) and the CommitSnapshot commit
/// (parts), and of <see cref="DatasetRepository.Pack"/> packing that commit's loose objects; with --merge also of merging
/// that pack with a next day's (every 100th record changed), the delta search. Args: [MB...] [--merge] (default 50).
/// </summary>
public sealed class GitBlobMemoryBenchmark : IBenchmark
{
    public string Name => "git-blob-memory";

    public string Description => "peak working set of libgit2 writing and pushing one large blob: [MB...]";

    public Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var merge = args.Contains("--merge");
        var sizes = args.Where(a => a != "--merge").Select(a => int.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty(50).ToList();
        output.WriteLine("| MB | step | peak over start | blob |");
        output.WriteLine("|---:|---|---:|---|");
        foreach (var mb in sizes)
        {
            var root = Directory.CreateTempSubdirectory("mao-git-blob-memory").FullName;
            try
            {
                var file = Path.Combine(root, "snapshot.jsonl");
                WriteLines(file, mb * 1024L * 1024);
                string Step(string name, Func<string> step)
                {
                    GC.Collect();
                    TrimNativeHeap();
                    var start = Resident();
                    PipelineFigures.ResetPeak();
                    var id = step();
                    var peak = PipelineFigures.ReadPeakWorkingSet() - start;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {mb} | {name} | {peak / 1048576.0:0} MB | {id[..12]} |"));
                    return id;
                }
                // The parts first: a step that follows one holding the whole blob could reuse its freed memory unseen.
                using var dataset = DatasetRepository.OpenOrInit(root, "bench-tool");
                Step("DatasetRepository.CommitSnapshot (parts)", () =>
                {
                    using var s = File.OpenRead(file);
                    var entry = new SnapshotEntry(new string('0', 64), "bench-tool", "1.0", "bench-site", DateTimeOffset.UtcNow, "jsonl", 0, s.Length);
                    return dataset.CommitSnapshot(s, entry);
                });
                var partsRemote = Path.Combine(root, "parts-remote.git");
                Repository.Init(partsRemote, isBare: true);
                var branch = DatasetRepository.SiteBranch("bench-site");
                Step("push (folder remote), parts", () => { dataset.Push(new GitRemoteOptions("origin", partsRemote), branch); return dataset.History(branch)[^1].Sha; });
                Step("DatasetRepository.Pack (parts)", () => dataset.Pack().Pack ?? "no loose objects");
                if (merge)
                {
                    // A next day: every 100th record changed, committed, then both days' packs merged (deltas between them).
                    var next = Path.Combine(root, "next.jsonl");
                    File.WriteAllLines(next, File.ReadLines(file).Select((l, i) => i % 100 == 0 ? l.Replace("\"size\":", "\"size\":1", StringComparison.Ordinal) : l));
                    using (var s = File.OpenRead(next))
                    {
                        dataset.CommitSnapshot(s, new SnapshotEntry(new string('1', 64), "bench-tool", "1.0", "bench-site", DateTimeOffset.UtcNow, "jsonl", 0, s.Length));
                    }
                    Step("DatasetRepository.Pack merging two days (parts, deltas)", () => dataset.Pack(maxPacks: 1).MergedInto ?? "not merged");
                }
                using var a = new Repository(Repository.Init(Path.Combine(root, "a.git"), isBare: true));
                using var b = new Repository(Repository.Init(Path.Combine(root, "b.git"), isBare: true));
                var blob = Step("Write<Blob>(Stream, size)", () => { using var s = File.OpenRead(file); return b.ObjectDatabase.Write<Blob>(s, s.Length).Sha; });
                var tree = new TreeDefinition();
                tree.Add("snapshot.jsonl", new ObjectId(blob), Mode.NonExecutableFile);
                var who = new Signature("bench", "bench@mao.invalid", DateTimeOffset.UtcNow);
                var commit = b.ObjectDatabase.CreateCommit(who, who, "bench", b.ObjectDatabase.CreateTree(tree), [], prettifyMessage: false);
                b.Refs.Add("refs/heads/main", commit.Id);
                var remote = Path.Combine(root, "remote.git");
                Repository.Init(remote, isBare: true);
                b.Network.Remotes.Add("origin", remote);
                Step("push (folder remote), one blob (layout before parts)", () => { b.Network.Push(b.Network.Remotes["origin"], "refs/heads/main:refs/heads/main"); return commit.Sha; });
                Step("CreateBlob(Stream)", () => { using var s = File.OpenRead(file); return a.ObjectDatabase.CreateBlob(s).Sha; });
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
        return Task.FromResult(0);
    }

    /// <summary>Returns freed native heap to the system (glibc keeps it otherwise), so the next step's start is what is in use.</summary>
    private static void TrimNativeHeap()
    {
        if (OperatingSystem.IsLinux())
        {
            MallocTrim(0);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    private static long Resident()
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Tag-record-like lines (partly random, so they compress as real snapshots do), about <paramref name="bytes"/> long.</summary>
    private static void WriteLines(string path, long bytes)
    {
        var random = new Random(7);
        using var writer = new StreamWriter(path);
        var i = 0;
        while (writer.BaseStream.Position < bytes)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{{\"key\":\"library/repo{i / 100}:tag{i}\",\"digest\":\"sha256:{random.NextInt64():x16}{random.NextInt64():x16}\",\"size\":{random.Next()},\"platforms\":[\"linux/amd64\",\"linux/arm64\"],\"pushed\":\"2026-11-{1 + i % 28:00}T00:00:00Z\"}}\n"));
            i++;
        }
    }
}
