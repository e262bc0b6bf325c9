using Mao.Core;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Rounds;

namespace Mao.Orchestrations.Api;

/// <summary>What GET /api/health answers: which site this is and the task hub its rounds run in.</summary>
public sealed record SiteHealth(string Site, string TaskHub);

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

    public ApiReply Health(string taskHub) => new(200, new SiteHealth(settings.SiteId, taskHub));
}
