namespace Mao.Core.Insights;

/// <summary>
/// One observed value of a series on one day. <paramref name="Support"/> is how many sites verified it
/// (null when unknown, e.g. for the earlier prototype's recorded CSV).
/// </summary>
public readonly record struct SeriesPoint(DateOnly Date, double Value, int? Support = null);
