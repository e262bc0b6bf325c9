using Mao.Orchestrations.Rounds;

namespace Mao.Orchestrations.Api;

/// <summary>
/// Body of "start a round" (POST /api/rounds). The announcer defaults to this site; the deadline is either
/// <paramref name="AnswersDue"/> (UTC) or now + <paramref name="AnswerWindowSeconds"/> (default 300 s).
/// </summary>
public sealed record StartRoundBody(
    string Tool,
    string RoundId,
    SnapshotPointer LocalSnapshot,
    IReadOnlyList<string>? ExpectedPeers = null,
    DateTime? AnswersDue = null,
    int? AnswerWindowSeconds = null,
    string? Announcer = null);

/// <summary>What GET /api/rounds/{id} answers.</summary>
public sealed record RoundStatus(
    string RoundId,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    RoundProgress? Progress = null,
    RoundResult? Result = null,
    string? Failure = null);

/// <summary>An error body: what was wrong, in one sentence.</summary>
public sealed record ApiError(string Error);

/// <summary>A front-door answer both hosts turn into HTTP: status code and a JSON-serialisable body.</summary>
public sealed record ApiReply(int StatusCode, object Body)
{
    public static ApiReply Error(int statusCode, string message) => new(statusCode, new ApiError(message));
}
