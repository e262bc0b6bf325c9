using Mao.Orchestrations.Rounds;

namespace Mao.Orchestrations.Api;

/// <summary>
/// Body of "start a round" (POST /api/rounds, operator key required): verify this site's snapshot of
/// <paramref name="Tool"/> (<paramref name="ContentId"/>, or its newest) with its peers. The round id defaults to the
/// snapshot's period; the peers default to MAO_PEERS or every live site; the window to MAO_ANSWER_WINDOW_SECONDS.
/// </summary>
public sealed record StartRoundBody(
    string Tool,
    string? RoundId = null,
    string? ContentId = null,
    IReadOnlyList<string>? ExpectedPeers = null,
    int? AnswerWindowSeconds = null);

/// <summary>What a start did: started, already running here, or joined another site's round of the same period.</summary>
public sealed record RoundStarted(string Outcome, string Tool, string Round, string Period, string Announcer);

/// <summary>What GET /api/rounds/{tool}/{round} answers; <paramref name="Late"/>: answers that came after the round ended ("site: kind").</summary>
public sealed record RoundStatus(
    string Tool,
    string Round,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    RoundProgress? Progress = null,
    RoundResult? Result = null,
    string? Failure = null,
    IReadOnlyList<string>? Late = null);

/// <summary>What became of a posted answer.</summary>
public sealed record AnswerReceipt(string Status, string Message);

/// <summary>An error body: what was wrong, in one sentence.</summary>
public sealed record ApiError(string Error);

/// <summary>A front-door answer both hosts turn into HTTP: status code and a JSON-serialisable body.</summary>
public sealed record ApiReply(int StatusCode, object Body)
{
    public static ApiReply Error(int statusCode, string message) => new(statusCode, new ApiError(message));
}
