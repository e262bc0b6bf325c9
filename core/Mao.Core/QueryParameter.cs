using System.Globalization;

namespace Mao.Core;

/// <summary>
/// Query parameters of the read routes of both hosts, parsed and bounded. A bad value throws a
/// <see cref="MaoFormatException"/> naming the parameter, which the routes answer with 400.
/// </summary>
public static class QueryParameter
{
    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent.</summary>
    public static int Number(string? text, string name, int fallback, int min, int max)
    {
        if (text is null)
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new MaoFormatException($"query parameter {name}", $"'{text}' is not a whole number from {min} to {max}");
        }
        return value;
    }

    /// <summary>A UTC day, <c>yyyy-MM-dd</c>.</summary>
    public static DateOnly Day(string text, string name) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new MaoFormatException($"query parameter {name}", $"'{text}' is not a day (yyyy-MM-dd)");
}
