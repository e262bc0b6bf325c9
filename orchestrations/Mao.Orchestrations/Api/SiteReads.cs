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

    /// <summary>The most decisions GET /api/verified lists at once, and how many when the request does not say.</summary>
    public const int MaxDecisions = 10_000, DefaultDecisions = 1_000;

    /// <summary>
    /// GET /api/verified?tool=&amp;from=&amp;to=&amp;limit=: this site's decisions, newest period first; from and to are
    /// periods (inclusive), limit at most <see cref="MaxDecisions"/>. A bad parameter is a 400 naming it.
    /// </summary>
    public async Task<ApiReply> DecisionsAsync(string? tool, CancellationToken cancellationToken, string? from = null, string? to = null, string? limit = null)
    {
        if (tool is not null && !Identifier.IsValid(tool))
        {
            return ApiReply.Error(400, "query parameter tool is not a valid tool id");
        }
        try
        {
            var first = from is null ? null : Period(from, "from");
            var last = to is null ? null : Period(to, "to");
            if (first is not null && last is not null && string.CompareOrdinal(first, last) > 0)
            {
                return ApiReply.Error(400, $"query parameter from: {first} is after to = {last}");
            }
            var take = QueryParameter.Number(limit, "limit", DefaultDecisions, 1, MaxDecisions);
            return new ApiReply(200, await view.DecisionsAsync(tool, cancellationToken, first, last, take));
        }
        catch (MaoFormatException e)
        {
            return ApiReply.Error(400, e.Message);
        }
    }

    private static string Period(string text, string name) => QueryParameter.Day(text, name).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

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
