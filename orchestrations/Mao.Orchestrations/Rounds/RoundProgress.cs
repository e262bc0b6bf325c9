namespace Mao.Orchestrations.Rounds;

/// <summary>The orchestration's custom status: which step it is in, who has answered so far and what was refused.</summary>
public sealed record RoundProgress(string Stage, IReadOnlyList<string> Answered, IReadOnlyList<string> Waiting, IReadOnlyList<string> Rejected)
{
    public const string Announcing = "announcing";
    public const string Collecting = "collecting";
    public const string Fetching = "fetching";
    public const string Verifying = "verifying";
    public const string Publishing = "publishing";
    public const string Done = "done";
}
