namespace Mao.Core.Verification;

/// <summary>How many sites must report before a value counts as established (the prototype's VDX "quorum").</summary>
public enum QuorumKind
{
    /// <summary>At least QuorumPercentage % of the sites (rounded up) must report.</summary>
    Until,

    /// <summary>All sites but QuorumPercentage % of them (rounded down) must report.</summary>
    AllBut,
}

/// <summary>Which numeric values are set aside before aggregating a performance metric (VDX "exclusion").</summary>
public enum ExclusionKind
{
    /// <summary>Keep every value: one liar moves the mean without bound.</summary>
    None,

    /// <summary>Drop the ExclusionThreshold values furthest from the median (default 1), keeping a majority.</summary>
    Furthest,

    /// <summary>Drop values further than ExclusionThreshold standard deviations from the mean (default 3). Not robust for few sites.</summary>
    OutsideSigma,

    /// <summary>Drop values further from the median than ExclusionThreshold (default 3) scaled MADs, or the relative tolerance if larger. Robust with 3 sites.</summary>
    RobustMad,
}

/// <summary>How the kept numeric values become one value (VDX "collation").</summary>
public enum CollationKind
{
    /// <summary>The (history weighted) mean of the kept values.</summary>
    Mean,

    /// <summary>The kept value nearest to that mean: always a value some site really reported.</summary>
    MeanNearestNeighbor,
}

/// <summary>Whether sites that agreed with past ground truth weigh more (VDX "history").</summary>
public enum HistoryKind
{
    /// <summary>Every site weighs 1.</summary>
    None,

    /// <summary>Weight = (agreed / rounds)^2.</summary>
    Standard,

    /// <summary>As Standard, but sites below the federation's average agreement weigh 0.</summary>
    ModuleElimination,

    /// <summary>As Standard, but sites below the average weigh half: softer than elimination.</summary>
    Hybrid,
}

/// <summary>How strings are compared before clustering.</summary>
public enum TextComparison
{
    /// <summary>Ordinal equality.</summary>
    Exact,

    /// <summary>Equal after trimming, collapsing white space and lower-casing (invariant).</summary>
    Normalised,
}

/// <summary>What happens to records that fewer sites than the quorum saw.</summary>
public enum MissingRecordPolicy
{
    /// <summary>Keep them, flagged below quorum, with the sites that did see them as support.</summary>
    KeepWithSupport,

    /// <summary>Leave them out of the ground truth (they are counted in the summary).</summary>
    DropBelowQuorum,
}
