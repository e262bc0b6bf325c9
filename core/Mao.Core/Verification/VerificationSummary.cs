namespace Mao.Core.Verification;

/// <summary>One site's part in a verification: how many field values it reported and how many agreed with the ground truth.</summary>
public readonly record struct SiteTally(string Site, long RecordsSeen, long Agreed, long Dissented);

/// <summary>Totals of one verification run, and the history to carry into the next round.</summary>
public sealed record VerificationSummary(
    string Tool,
    IReadOnlyList<string> Sites,
    long Records,
    long RecordsEmitted,
    long RecordsBelowQuorum,
    long RecordsDropped,
    long FieldsContested,
    IReadOnlyList<SiteTally> Tallies,
    SiteHistory History);
