using System.Globalization;
using System.Text;

namespace Mao.Federation.Dcc;

/// <summary>
/// Numbers and strings exactly as the prototype's Python (pandas to_csv, json.dump) printed them, so its users see
/// the same bytes: floats as repr() ("300.0", "1e+16", "1.5e-05"), JSON strings ASCII-only with \u escapes.
/// </summary>
public static class PythonText
{
    /// <summary>Python's repr of a float: shortest round-trip digits; scientific below 1e-4 and from 1e16.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        // Shortest digits that round-trip: "R" gives them, then re-layout the way Python does.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        var (digits, exponent) = Decompose(negative ? shortest[1..] : shortest);
        var sign = negative ? "-" : "";
        if (exponent < -4 || exponent >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        if (exponent < 0)
        {
            return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
        }
        if (digits.Length <= exponent + 1)
        {
            return $"{sign}{digits}{new string('0', exponent + 1 - digits.Length)}.0";
        }
        return $"{sign}{digits[..(exponent + 1)]}.{digits[(exponent + 1)..]}";
    }

    /// <summary>Whole numbers of an integer column print without a decimal point, as pandas prints int64.</summary>
    public static string Number(double value, bool integral) =>
        integral && value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : Float(value);

    /// <summary>Significant digits (no leading/trailing zeros) and the decimal exponent of the first digit.</summary>
    private static (string Digits, int Exponent) Decompose(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var point = text.IndexOf('.');
        var integerPart = point < 0 ? text : text[..point];
        var fraction = point < 0 ? "" : text[(point + 1)..];
        var all = integerPart + fraction;
        var firstNonZero = all.TakeWhile(c => c == '0').Count();
        var digits = all[firstNonZero..].TrimEnd('0');
        exponent += integerPart.Length - 1 - firstNonZero;
        return (digits.Length == 0 ? "0" : digits, exponent);
    }

    /// <summary>A JSON string as Python's json.dumps writes it (ensure_ascii).</summary>
    public static string JsonString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.Append('"').ToString();
    }
}
