using Mao.Core;
using Mao.Core.Model;
using Mao.Orchestrations.Local;
using Mao.Orchestrations.Rounds;
using Mao.Orchestrations.Scheduling;
using Mao.Tools.Gateway;
using Microsoft.DurableTask.Client;

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
public sealed record SubmittedSnapshot(string ContentId, string Tool, string Site, int Records, string? RoundId = null);

/// <summary>
/// The gateway's front door (POST /api/tools/{tool}/snapshots in both hosts): validates a snapshot an external tool
/// submits (<see cref="SnapshotGateway"/>), keeps it as this site's own snapshot exactly as a built-in tool's run is
/// kept, so the scheduler's next round announces it, and on ?round=now starts a round over it at once.
/// Create-only storage makes it idempotent: the same snapshot again answers 200 with the same content id.
/// </summary>
public sealed class SnapshotSubmissions(SnapshotGateway gateway, FolderSnapshotSource snapshots, RoundScheduleSettings settings, TimeProvider? clock = null)
{
    public static readonly IReadOnlyList<string> MediaTypes = ["application/x-ndjson", "application/jsonl", "application/json-lines"];

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<ApiReply> SubmitAsync(SnapshotSubmission submission, DurableTaskClient client, CancellationToken cancellationToken)
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
        Snapshot snapshot;
        try
        {
            snapshot = await gateway.ValidateAsync(submission.Tool, submission.Key, submission.Body, cancellationToken);
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
        if (snapshot.Header.Site != settings.SiteId)
        {
            return ApiReply.Error(400,
                $"snapshot submitted for tool '{submission.Tool}': header names site '{snapshot.Header.Site}', but this site is '{settings.SiteId}'");
        }
        var (pointer, outcome) = await snapshots.SaveOwnOnceAsync(snapshot, cancellationToken);
        var roundId = submission.Round == "now" ? await StartRoundAsync(client, snapshot, pointer, cancellationToken) : null;
        var reply = new SubmittedSnapshot(snapshot.ContentId, snapshot.Header.Tool, snapshot.Header.Site, snapshot.Records.Count, roundId);
        return new ApiReply(outcome == CreateOnlyFile.Outcome.Created ? 201 : 200, reply);
    }

    /// <summary>
    /// Starts a round over the stored snapshot. Its id comes from the tool and the content id, so submitting the same
    /// snapshot with round=now again names the round already started instead of opening a second one.
    /// </summary>
    private async Task<string> StartRoundAsync(DurableTaskClient client, Snapshot snapshot, SnapshotPointer pointer, CancellationToken cancellationToken)
    {
        var tool = snapshot.Header.Tool;
        var roundId = $"{tool[..Math.Min(tool.Length, Identifier.MaxLength - 13)]}-{snapshot.ContentId[..12]}";
        var request = new RoundRequest(tool, roundId, settings.SiteId, pointer, settings.Peers, _clock.GetUtcNow().UtcDateTime + settings.AnswerWindow);
        request.Validate($"round over the snapshot submitted for '{tool}'");
        await RoundStarter.TryStartAsync(client, request, cancellationToken);
        return roundId;
    }

    private static bool IsJsonLines(string? contentType) =>
        contentType is not null && MediaTypes.Any(t => contentType.StartsWith(t, StringComparison.OrdinalIgnoreCase)
                                                       && (contentType.Length == t.Length || contentType[t.Length] is ';' or ' '));

    private static string Shorten(string? text) => text is null ? "" : text.Length > 40 ? text[..40] + "..." : text;
}
