using Mao.Core.Verification;

namespace Mao.Federation.Dcc;

public enum DccOutputFormat
{
    /// <summary>Our ground truth: &lt;prefix&gt;.truth.jsonl, &lt;prefix&gt;.truth.csv and &lt;prefix&gt;.summary.json.</summary>
    Native,

    /// <summary>The prototype's files: &lt;prefix&gt;_aggregate.csv, _mean.csv, _outliers.json, _concat_no_outliers.csv.</summary>
    Dcc,
}

/// <summary>What `mao verify` was asked to do.</summary>
/// <param name="Input">A git repository (one branch per site) or a folder (one sub-folder per site).</param>
/// <param name="Sites">Branches or sub-folders that vote; null means all (for git: all but <paramref name="IntoBranch"/>).</param>
/// <param name="OutFolder">Write the results here; required for a folder input, optional for git (then no commit).</param>
/// <param name="IntoBranch">Branch that receives the ground truth of a git input.</param>
public sealed record DccVerifyRequest(
    string Input,
    IReadOnlyList<string>? Sites = null,
    DccOutputFormat Format = DccOutputFormat.Native,
    string? OutFolder = null,
    string IntoBranch = "main",
    VotePolicy? Policy = null);

/// <summary>What was verified and where it went.</summary>
public sealed record DccVerifyResult(
    IReadOnlyList<string> Sites,
    IReadOnlyList<VerificationSummary> Summaries,
    IReadOnlyList<string> Files,
    string? Folder,
    string? Branch,
    string? Commit);
