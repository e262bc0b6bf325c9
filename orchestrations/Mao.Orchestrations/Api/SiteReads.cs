using Mao.Core;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Rounds;

namespace Mao.Orchestrations.Api;

/// <summary>
/// What GET /api/health answers: which site this is, the task hub its rounds run in and, where the host probes them,
/// whether storage and etcd are "up" or "down" (<paramref name="Problem"/> says why).
/// </summary>
public sealed record SiteHealth(string Site, string TaskHub, string? Storage = null, string? Etcd = null, string? Problem = null);

/// <summary>
/// The anonymous read routes both hosts serve, as replies: GET /api/snapshots/{contentId}, GET /api/verified[?tool=],
/// GET /api/verified/{tool}/{period} and GET /api/health. Each host only turns them into its own HTTP response.
/// </summary>
public sealed class SiteReads(SnapshotDownloads downloads, SiteView view, FederationSettings settings)
{
    /// <summary>The snapshot's bytes to stream (the caller disposes them), or an error reply.</summary>
    public async Task<(SnapshotDownload? Download, ApiReply? Error)> SnapshotAsync(string contentId, CancellationToken cancellationToken)
    {
        var download = await downloads.OpenAsync(contentId, cancellationToken);
        return download.Content is null
            ? (null, ApiReply.Error(download.Status, download.Problem ?? "snapshot unavailable"))
            : (download, null);
    }

    public async Task<ApiReply> DecisionsAsync(string? tool, CancellationToken cancellationToken) =>
        tool is not null && !Identifier.IsValid(tool)
            ? ApiReply.Error(400, "query parameter tool is not a valid tool id")
            : new ApiReply(200, await view.DecisionsAsync(tool, cancellationToken));

    public async Task<ApiReply> VerifiedAsync(string tool, string period, CancellationToken cancellationToken)
    {
        try
        {
            return await view.VerifiedAsync(tool, period, cancellationToken) is { } found
                ? new ApiReply(200, found)
                : ApiReply.Error(404, $"no verified result of {tool} for {period} is known here");
        }
        catch (MaoFormatException e)
        {
            return ApiReply.Error(400, e.Message);
        }
    }

    /// <summary>200 when storage and etcd answer a probe, else 503 naming what is down.</summary>
    public async Task<ApiReply> HealthAsync(string taskHub, DependencyCheck dependencies, CancellationToken cancellationToken)
    {
        var state = await dependencies.CheckAsync(cancellationToken);
        var health = new SiteHealth(settings.SiteId, taskHub, UpOrDown(state.StorageUp), UpOrDown(state.EtcdUp), state.AllUp ? null : state.Describe());
        return new ApiReply(state.AllUp ? 200 : 503, health);
    }

    private static string UpOrDown(bool up) => up ? "up" : "down";
}
