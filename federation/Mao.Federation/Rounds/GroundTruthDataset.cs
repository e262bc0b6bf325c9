using LibGit2Sharp;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Git;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;
using Microsoft.Extensions.Logging;

namespace Mao.Federation.Rounds;

/// <summary>
/// The ground-truth branch of a tool's dataset: the local clone <c>&lt;data&gt;/datasets/&lt;tool&gt;.git</c>, pushed to
/// <c>{GitRemote}/{tool}.git</c> when the site has a remote. The blob copy is the source of truth, so a failed push is
/// logged and reported as "not pushed", never as a failed publication.
/// </summary>
internal sealed class GroundTruthDataset(FederationSettings settings, ILogger log)
{
    public const string RemoteName = "origin";

    public string Root => Path.Combine(settings.DataDirectory, "datasets");

    /// <summary>The remote URL of a tool's dataset, or null when the site keeps datasets local.</summary>
    public string? RemoteUrl(string tool) => settings.GitRemote is { } remote ? $"{remote.TrimEnd('/')}/{tool}.git" : null;

    /// <summary>
    /// Commits the ground truth as periods/&lt;period&gt;/ (its parts) tagged verified/&lt;round&gt; (once: a re-run finds the tag or
    /// the tip) and pushes it. Returns the commit and, when the push landed, the git location peers can fetch.
    /// </summary>
    public async Task<(string Commit, SnapshotLocation? Pushed)> CommitAndPushAsync(SnapshotPointer pointer, string period, string round,
        Stream canonical, CancellationToken cancellationToken)
    {
        var gate = DatasetGates.For(Path.Combine(Root, pointer.Tool + ".git"));
        await gate.WaitAsync(cancellationToken);
        try
        {
            using var repository = DatasetRepository.OpenOrInit(Root, pointer.Tool);
            var commit = TaggedCommit(repository, round, pointer.ContentId)
                ?? repository.CommitGroundTruth(canonical, EntryOf(pointer), period, round);
            return (commit, TryPush(repository, pointer.Tool, commit));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The commit verified/&lt;round&gt; already marks for this snapshot (a re-run after a crash), or null.</summary>
    private static string? TaggedCommit(DatasetRepository repository, string round, string contentId) =>
        repository.Repository.Tags[DatasetRepository.TagOf(round)]?.PeeledTarget is Commit tagged
        && SnapshotTrailers.Parse(tagged.Message, $"{repository.Path} {DatasetRepository.TagOf(round)}")?.SnapshotId == contentId
            ? tagged.Sha
            : null;

    private SnapshotLocation? TryPush(DatasetRepository repository, string tool, string commit)
    {
        if (RemoteUrl(tool) is not { } url)
        {
            return null;
        }
        try
        {
            CreateLocalRemote(url);
            repository.Push(new GitRemoteOptions(RemoteName, url, settings.GitUsername, settings.GitPassword), DatasetRepository.GroundTruthBranch);
            return new SnapshotLocation(LocationKind.Git, url, commit);
        }
        catch (Exception e) when (e is GitPushRefusedException or GitDatasetConflictException or LibGit2SharpException or IOException or UnauthorizedAccessException)
        {
            log.LogWarning(e, "Ground truth {Commit} of {Tool} not pushed to {Remote}: {Reason}. It stays in blob storage and the local dataset",
                commit, tool, url, e.Message);
            return null;
        }
    }

    /// <summary>A folder remote that does not exist yet is created bare (http remotes are the server's business).</summary>
    private static void CreateLocalRemote(string url)
    {
        if (url.Contains("://", StringComparison.Ordinal) || Repository.IsValid(url))
        {
            return;
        }
        Directory.CreateDirectory(url);
        Repository.Init(url, isBare: true);
    }

    private static SnapshotEntry EntryOf(SnapshotPointer pointer) =>
        new(pointer.ContentId, pointer.Tool, pointer.ToolVersion, pointer.Site, pointer.ObservedAt, SnapshotHeader.CurrentFormat, RecordCount: 0, pointer.Size);
}
