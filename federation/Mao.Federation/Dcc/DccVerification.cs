using System.Text;
using LibGit2Sharp;
using Mao.Core;
using Mao.Core.Serialization;
using Mao.Core.Verification;
using Mao.Core.Verification.Output;

namespace Mao.Federation.Dcc;

/// <summary>
/// `mao verify` on the consensus prototype's layout: reads the sites (branches or sub-folders), verifies every
/// prefix of meta.json, writes native or prototype-format ground truth to a folder and, for a git input without
/// --out, commits it onto the output branch.
/// </summary>
public static class DccVerification
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <param name="progress">Called with the prefix, records done so far and the largest site's record count.</param>
    public static DccVerifyResult Run(DccVerifyRequest request, Action<string, long, long>? progress = null, CancellationToken cancellation = default)
    {
        var policy = request.Policy ?? VotePolicy.Default;
        if (Repository.IsValid(request.Input))
        {
            using var repo = new Repository(request.Input);
            var sites = GitSites(repo, request);
            return Verify(sites, request, policy, repo, progress, cancellation);
        }
        if (Directory.Exists(request.Input))
        {
            if (request.OutFolder is null)
            {
                throw new MaoFormatException(request.Input, "a folder input needs --out <folder> for the ground truth");
            }
            return Verify(FolderSites(request), request, policy, null, progress, cancellation);
        }
        throw new MaoFormatException(request.Input, "not a git repository or a folder");
    }

    private static List<IDccSite> GitSites(Repository repo, DccVerifyRequest request)
    {
        var local = repo.Branches.Where(b => !b.IsRemote && b.Tip is not null).ToDictionary(b => b.FriendlyName, StringComparer.Ordinal);
        if (request.Sites is null)
        {
            return local.Values.Where(b => b.FriendlyName != request.IntoBranch).Select(b => (IDccSite)new GitBranchSite(b)).ToList();
        }
        return request.Sites.Select(name =>
        {
            if (name == request.IntoBranch && request.OutFolder is null)
            {
                throw new MaoFormatException(request.Input, $"branch '{name}' receives the ground truth, it cannot also vote (choose another with --into)");
            }
            return local.TryGetValue(name, out var branch)
                ? (IDccSite)new GitBranchSite(branch)
                : throw new MaoFormatException(request.Input, $"branch '{name}' not found (branches: {string.Join(", ", local.Keys.Order(StringComparer.Ordinal))})");
        }).ToList();
    }

    private static List<IDccSite> FolderSites(DccVerifyRequest request)
    {
        var outFull = Path.GetFullPath(request.OutFolder!);
        var folders = Directory.EnumerateDirectories(request.Input)
            .Where(d => Path.GetFullPath(d) != outFull && !Path.GetFileName(d).StartsWith('.') && !Path.GetFileName(d).StartsWith("__", StringComparison.Ordinal))
            .ToDictionary(d => Path.GetFileName(d), StringComparer.Ordinal);
        if (request.Sites is null)
        {
            return folders.Values.Select(d => (IDccSite)new FolderSite(d)).ToList();
        }
        return request.Sites.Select(name => folders.TryGetValue(name, out var dir)
            ? (IDccSite)new FolderSite(dir)
            : throw new MaoFormatException(request.Input, $"site folder '{name}' not found (sub-folders: {string.Join(", ", folders.Keys.Order(StringComparer.Ordinal))})")).ToList();
    }

    private static DccVerifyResult Verify(List<IDccSite> sites, DccVerifyRequest request, VotePolicy policy, Repository? repo,
        Action<string, long, long>? progress, CancellationToken cancellation)
    {
        var prefixes = DccDataset.Read(sites, DateTimeOffset.UtcNow, request.Input);
        var commitToGit = repo is not null && request.OutFolder is null;
        var folder = request.OutFolder ?? Path.Combine(Path.GetTempPath(), $"mao-verify-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            var summaries = new List<VerificationSummary>();
            foreach (var prefix in prefixes)
            {
                summaries.Add(VerifyPrefix(prefix, request.Format, policy, folder, files, progress, cancellation));
            }
            string? commit = null;
            if (commitToGit)
            {
                var message = $"mao verify: ground truth of {string.Join(", ", prefixes.Select(p => p.Spec.Prefix))} from {sites.Count} sites " +
                              $"({string.Join(", ", sites.Select(s => s.Name).Order(StringComparer.Ordinal))})";
                commit = GitResultWriter.Commit(repo!, request.IntoBranch, files, message);
            }
            var names = sites.Select(s => s.Name).Order(StringComparer.Ordinal).ToArray();
            return new DccVerifyResult(names, summaries, files.Keys.Order(StringComparer.Ordinal).ToArray(),
                commitToGit ? null : folder, commitToGit ? request.IntoBranch : null, commit);
        }
        finally
        {
            if (commitToGit)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static VerificationSummary VerifyPrefix(DccPrefix prefix, DccOutputFormat format, VotePolicy policy, string folder,
        Dictionary<string, string> files, Action<string, long, long>? progress, CancellationToken cancellation)
    {
        var name = prefix.Spec.Prefix;
        var sources = prefix.Sites.Select(s => (IRecordSource)new SnapshotRecordSource(s.Snapshot, s.Table.Where)).ToList();
        var siteNames = prefix.Sites.Select(s => s.Table.Site).Order(StringComparer.Ordinal).ToArray();
        var total = prefix.Sites.Max(s => (long)s.Snapshot.Records.Count);
        var engine = new VerificationEngine(policy);
        void Report(long done) => progress?.Invoke(name, done, total);
        string PathOf(string file)
        {
            files[file] = Path.Combine(folder, file);
            return files[file];
        }

        if (format == DccOutputFormat.Dcc)
        {
            var writer = new DccWriter(prefix, siteNames);
            var summary = engine.Run(sources, writer, Report, cancellation);
            using var aggregate = new StreamWriter(PathOf($"{name}_aggregate.csv"), false, Utf8);
            using var mean = new StreamWriter(PathOf($"{name}_mean.csv"), false, Utf8);
            using var outliers = new StreamWriter(PathOf($"{name}_outliers.json"), false, Utf8);
            using var concat = new StreamWriter(PathOf($"{name}_concat_no_outliers.csv"), false, Utf8);
            writer.Write(aggregate, mean, outliers, concat);
            return summary;
        }
        VerificationSummary result;
        using (var json = File.Create(PathOf($"{name}.truth.jsonl")))
        using (var jsonWriter = new TruthJsonLinesWriter(json, prefix.Sites[0].Snapshot.Header.Tool, siteNames, prefix.Sites[0].Snapshot.Schema, policy))
        using (var csv = new StreamWriter(PathOf($"{name}.truth.csv"), false, Utf8))
        {
            result = engine.Run(sources, new TeeSink(jsonWriter, new TruthCsvWriter(csv)), Report, cancellation);
        }
        File.WriteAllText(PathOf($"{name}.summary.json"), MaoJson.Write(result), Utf8);
        return result;
    }
}
