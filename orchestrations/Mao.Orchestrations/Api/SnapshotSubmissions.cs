using Mao.Core;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Rounds;
using Mao.Tools.Gateway;

namespace Mao.Orchestrations.Api;

/// <summary>What a submitting tool sent, as both hosts read it off their HTTP request.</summary>
public sealed record SnapshotSubmission(string Tool, string? Authorization, string? ToolKeyHeader, string? ContentType, string? Round, Stream Body)
{
    public const string KeyHeader = "X-Mao-Tool-Key";

    /// <summary>The key from "Authorization: Bearer &lt;key&gt;" or, failing that, the X-Mao-Tool-Key header.</summary>
    public string? Key =>
        Authorization is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth["Bearer ".Length..].Trim()
        : string.IsNullOrWhiteSpace(ToolKeyHeader) ? null : ToolKeyHeader.Trim();
}

/// <summary>The answer to an accepted snapshot; <paramref name="RoundId"/> only when ?round=now asked for one.</summary>
public sealed record SubmittedSnapshot(string ContentId, string Tool, string Site, int Records, RoundStarted? Round = null);

/// <summary>
/// The gateway's front door (POST /api/tools/{tool}/snapshots in both hosts): validates a snapshot an external tool
/// submits (<see cref="SnapshotGateway"/>), keeps it as this site's own snapshot exactly as a built-in tool's run is
/// kept (blob + table, git), and on ?round=now starts the round of its period at once.
/// Content addressing makes it idempotent: the same snapshot again answers 200 with the same content id.
/// </summary>
public sealed class SnapshotSubmissions(SnapshotGateway gateway, ISnapshotLibrary library, FederationSettings settings, RoundPlanner planner, RoundStarter starter)
{
    public static readonly IReadOnlyList<string> MediaTypes = ["application/x-ndjson", "application/jsonl", "application/json-lines"];

    public async Task<ApiReply> SubmitAsync(SnapshotSubmission submission, CancellationToken cancellationToken)
    {
        if (submission.Round is not (null or "now"))
        {
            return ApiReply.Error(400, $"query parameter round='{Shorten(submission.Round)}' is not understood: use round=now or leave it out");
        }
        if (!IsJsonLines(submission.ContentType))
        {
            return ApiReply.Error(415,
                $"send the snapshot as JSON lines ({string.Join(", ", MediaTypes)}), got '{submission.ContentType ?? "no content type"}'");
        }
        try
        {
            gateway.Authenticate(submission.Tool, submission.Key);
        }
        catch (GatewayRejection e)
        {
            return ApiReply.Error(e.StatusCode, e.Problem);
        }
        catch (MaoFormatException)
        {
            // A broken registration file: the operator's problem, and its path is not the caller's business.
            return ApiReply.Error(500, $"the registration of tool '{submission.Tool}' at this site is unreadable: the site's operator has to fix it");
        }
        KeptSnapshot kept;
        try
        {
            // Validated line by line while streaming, canonical, to a hashing file and on to the blob and git: a large
            // snapshot is never held in memory (see SnapshotStore.PutStreamedAsync).
            kept = await library.KeepStreamedAsync((canonical, ct) => gateway.ValidateToAsync(submission.Tool, submission.Key, submission.Body, canonical,
                header => CheckSite(submission.Tool, header), ct), stagingGroup: null, cancellationToken);
        }
        catch (GatewayRejection e)
        {
            return ApiReply.Error(e.StatusCode, e.Problem);
        }
        catch (MaoFormatException e)
        {
            // Found after streaming (unsorted records that repeat a key): the snapshot's fault, nothing was stored.
            return ApiReply.Error(400, e.Message);
        }
        var pointer = kept.Pointer;
        RoundStarted? round = null;
        if (submission.Round == "now")
        {
            var announcement = await planner.PlanAsync(pointer, roundId: null, window: null, peers: null, cancellationToken);
            var start = await starter.StartAsync(announcement, cancellationToken);
            round = new RoundStarted(start.Outcome.ToString().ToLowerInvariant(), start.Claim.Tool, start.Claim.Round, start.Claim.Period, start.Claim.Site);
        }
        var reply = new SubmittedSnapshot(pointer.ContentId, pointer.Tool, pointer.Site, kept.Records, round);
        return new ApiReply(kept.Created ? 201 : 200, reply);
    }

    private void CheckSite(string tool, SnapshotHeader header)
    {
        if (header.Site != settings.SiteId)
        {
            throw new GatewayRejection(400,
                $"snapshot submitted for tool '{tool}': header names site '{header.Site}', but this site is '{settings.SiteId}'");
        }
    }

    private static bool IsJsonLines(string? contentType) =>
        contentType is not null && MediaTypes.Any(t => contentType.StartsWith(t, StringComparison.OrdinalIgnoreCase)
                                                       && (contentType.Length == t.Length || contentType[t.Length] is ';' or ' '));

    private static string Shorten(string? text) => text is null ? "" : text.Length > 40 ? text[..40] + "..." : text;
}
