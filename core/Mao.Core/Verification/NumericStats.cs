namespace Mao.Core.Verification;

/// <summary>
/// Statistics of the values that made it into the ground truth (after exclusion or voting):
/// what the position paper asks for (mean, min, max) plus median, sample standard deviation, count
/// and which sites reported the extremes.
/// </summary>
public readonly record struct NumericStats(
    double Mean,
    double Min,
    double Max,
    double Median,
    double StdDev,
    int Count,
    SiteSet MinSites,
    SiteSet MaxSites);
