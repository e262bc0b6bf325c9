using Mao.Core.Model;

namespace Mao.Core.Verification;

/// <summary>
/// The ground truth of one field of one record. Dissenters' values are in the record's observations
/// (<see cref="RecordVerdict.Observed"/>), so a verdict stays a small struct.
/// </summary>
public struct FieldVerdict
{
    /// <summary>The ground-truth value (missing when no site reported one).</summary>
    public FieldValue Value;

    /// <summary>Sites whose value agrees with <see cref="Value"/> (same cluster, or kept after exclusion).</summary>
    public SiteSet Support;

    /// <summary>Sites that reported a different value (outvoted or excluded as outliers).</summary>
    public SiteSet Dissent;

    /// <summary>Sites that saw the record but reported no value for this field.</summary>
    public SiteSet Silent;

    public VerdictFlags Flags;

    /// <summary>Share of the reporting weight behind <see cref="Value"/>, 0-1.</summary>
    public double Agreement;

    /// <summary>Set for numeric fields (performance and count) with at least one supporting value.</summary>
    public NumericStats? Stats;

    public readonly bool Contested => Flags.IsContested();

    public readonly SiteSet Reporting => Support.Union(Dissent);
}
