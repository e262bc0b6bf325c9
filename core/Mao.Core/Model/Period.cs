using System.Globalization;

namespace Mao.Core.Model;

/// <summary>
/// The observation period a snapshot belongs to: its UTC day, <c>yyyy-MM-dd</c>. Rounds compare snapshots of the
/// same tool and period, and the ground truth is kept per period (one verified result per tool and day).
/// </summary>
public static class Period
{
    public static string Of(DateTimeOffset observedAt) => observedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool IsValid(string? period) =>
        period is { Length: 10 } && DateTime.TryParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static string Validate(string? period, string where) =>
        IsValid(period) ? period! : throw new MaoFormatException(where, $"period '{period}' is not a UTC day (yyyy-MM-dd)");
}
