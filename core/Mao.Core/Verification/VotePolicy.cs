using System.Text.Json.Serialization;
using Mao.Core.Serialization;

namespace Mao.Core.Verification;

/// <summary>
/// How sites' values become ground truth. Serialisable (camelCase JSON through <see cref="MaoJson"/>) so a federation
/// can publish the policy its rounds use. Defaults are the careful choice: robust median/MAD exclusion, quorum of half the
/// sites, a strict majority to win, records below quorum kept but flagged.
/// </summary>
public sealed record VotePolicy
{
    public const string CurrentFormat = "mao.policy/1";

    public string Format { get; init; } = CurrentFormat;

    public QuorumKind Quorum { get; init; } = QuorumKind.Until;

    /// <summary>Percentage of sites for <see cref="Quorum"/>, 0-100.</summary>
    public double QuorumPercentage { get; init; } = 50;

    public ExclusionKind Exclusion { get; init; } = ExclusionKind.RobustMad;

    /// <summary>Exclusion parameter; null means the kind's default (Furthest: 1 value, OutsideSigma: 3 sigma, RobustMad: 3 MADs).</summary>
    public double? ExclusionThreshold { get; init; }

    /// <summary>Numbers within this fraction of the median always agree (guards against MAD = 0 when most sites agree exactly).</summary>
    public double RelativeTolerance { get; init; } = 0.05;

    /// <summary>Numbers within this absolute distance of the median always agree (matters near zero).</summary>
    public double AbsoluteTolerance { get; init; } = 1e-9;

    public CollationKind Collation { get; init; } = CollationKind.Mean;

    public HistoryKind History { get; init; } = HistoryKind.None;

    public TextComparison TextComparison { get; init; } = TextComparison.Normalised;

    /// <summary>Two sets are the same answer when their Jaccard similarity is at least this.</summary>
    public double SetSimilarity { get; init; } = 0.8;

    /// <summary>The winning value needs strictly more than this share of the reporting sites' weight, else it is contested.</summary>
    public double MinimumAgreement { get; init; } = 0.5;

    public MissingRecordPolicy MissingRecords { get; init; } = MissingRecordPolicy.KeepWithSupport;

    /// <summary>
    /// With <see cref="ExclusionKind.RobustMad"/>: when the sites have no tight majority, a value at least this many sites
    /// report exactly may anchor the vote (see docs/trust.md). Null means 2; 0 turns it off (the median alone decides).
    /// Nullable so policies written before it existed serialise unchanged.
    /// </summary>
    public int? ExactAgreement { get; init; }

    [JsonIgnore]
    public int EffectiveExactAgreement => ExactAgreement ?? 2;

    public static VotePolicy Default { get; } = new();

    [JsonIgnore]
    public double EffectiveExclusionThreshold => ExclusionThreshold ?? Exclusion switch
    {
        ExclusionKind.Furthest => 1,
        _ => 3,
    };

    /// <summary>Sites that must report a record or field for it to reach the quorum, out of <paramref name="siteCount"/>.</summary>
    public int RequiredSites(int siteCount)
    {
        var share = QuorumPercentage / 100.0 * siteCount;
        // A tiny epsilon so 50 % of 4 is 2, not 3, despite binary fractions.
        var required = Quorum == QuorumKind.Until
            ? (int)Math.Ceiling(share - 1e-9)
            : siteCount - (int)Math.Floor(share + 1e-9);
        return Math.Clamp(required, 1, Math.Max(1, siteCount));
    }

    public void Validate(string where)
    {
        if (Format != CurrentFormat)
        {
            throw new MaoFormatException(where, $"unknown policy format '{Format}', expected '{CurrentFormat}'");
        }
        Check(QuorumPercentage is >= 0 and <= 100, "quorumPercentage must be between 0 and 100");
        Check(ExclusionThreshold is null || (double.IsFinite(ExclusionThreshold.Value) && ExclusionThreshold > 0), "exclusionThreshold must be a positive number");
        Check(Exclusion != ExclusionKind.Furthest || EffectiveExclusionThreshold == Math.Floor(EffectiveExclusionThreshold), "exclusionThreshold for 'furthest' is a whole number of values");
        Check(RelativeTolerance is >= 0 and < 1, "relativeTolerance must be in [0, 1)");
        Check(AbsoluteTolerance >= 0 && double.IsFinite(AbsoluteTolerance), "absoluteTolerance must be a non-negative number");
        Check(SetSimilarity is > 0 and <= 1, "setSimilarity must be in (0, 1]");
        Check(MinimumAgreement is >= 0 and < 1, "minimumAgreement must be in [0, 1)");
        Check(ExactAgreement is null or >= 0, "exactAgreement must be a non-negative number of sites");
        Check(Enum.IsDefined(Quorum) && Enum.IsDefined(Exclusion) && Enum.IsDefined(Collation) && Enum.IsDefined(History)
              && Enum.IsDefined(TextComparison) && Enum.IsDefined(MissingRecords), "unknown enum value");

        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                throw new MaoFormatException(where, problem);
            }
        }
    }

    public static VotePolicy Parse(string json, string where)
    {
        var policy = MaoJson.Parse<VotePolicy>(json, where);
        policy.Validate(where);
        return policy;
    }
}
