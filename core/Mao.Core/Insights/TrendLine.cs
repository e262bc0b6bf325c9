namespace Mao.Core.Insights;

public enum TrendMethod
{
    /// <summary>Ordinary least squares: best when deviations are small and symmetric.</summary>
    Ols,

    /// <summary>Theil-Sen: the median of all pairwise slopes, unmoved by a minority of wild values.</summary>
    TheilSen,
}

/// <summary>
/// A straight line through a series: value = <see cref="Intercept"/> + <see cref="SlopePerDay"/> × (days since
/// <see cref="Origin"/>). Slopes are also given per month of <see cref="DaysPerMonth"/> days, with a 95 % confidence
/// interval when the method and the number of points allow one.
/// </summary>
public sealed record TrendLine(
    string Series,
    TrendMethod Method,
    DateOnly Origin,
    double Intercept,
    double SlopePerDay,
    int Points,
    double? SlopePerDayLow,
    double? SlopePerDayHigh,
    double? RSquared)
{
    /// <summary>The mean Gregorian month (365.25 / 12), so "per month" means the same in every month.</summary>
    public const double DaysPerMonth = 30.44;

    public const double Confidence = 0.95;

    public double SlopePerMonth => SlopePerDay * DaysPerMonth;

    public double? SlopePerMonthLow => SlopePerDayLow * DaysPerMonth;

    public double? SlopePerMonthHigh => SlopePerDayHigh * DaysPerMonth;

    public double ValueAt(DateOnly date) => Intercept + SlopePerDay * (date.DayNumber - Origin.DayNumber);
}
