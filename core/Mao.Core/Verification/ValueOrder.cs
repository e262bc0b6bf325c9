using System.Globalization;
using System.Text;
using Mao.Core.Model;

namespace Mao.Core.Verification;

/// <summary>Comparisons that make clustering deterministic: a total order on values, normalised text, set similarity.</summary>
public static class ValueOrder
{
    /// <summary>Numbers by value, text ordinally, sets element-wise ordinally then by length; missing first.</summary>
    public static int Compare(FieldValue a, FieldValue b)
    {
        if (a.Kind != b.Kind)
        {
            return a.Kind.CompareTo(b.Kind);
        }
        switch (a.Kind)
        {
            case FieldValueKind.Number: return a.Number.CompareTo(b.Number);
            case FieldValueKind.Text: return string.CompareOrdinal(a.Text, b.Text);
            case FieldValueKind.Set:
                var x = a.Set;
                var y = b.Set;
                for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
                {
                    var c = string.CompareOrdinal(x[i], y[i]);
                    if (c != 0) return c;
                }
                return x.Count.CompareTo(y.Count);
            default: return 0;
        }
    }

    /// <summary>Trimmed, inner white space collapsed to one space, lower-cased invariantly.</summary>
    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        // No Unicode composition: the build runs with invariant globalization, where Normalize() leaves text as is.
        return builder.ToString();
    }

    /// <summary>|A ∩ B| / |A ∪ B| of two sorted distinct sets; two empty sets are identical (1).</summary>
    public static double Jaccard(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }
        int i = 0, j = 0, common = 0;
        while (i < a.Count && j < b.Count)
        {
            var c = string.CompareOrdinal(a[i], b[j]);
            if (c == 0) { common++; i++; j++; }
            else if (c < 0) i++;
            else j++;
        }
        return (double)common / (a.Count + b.Count - common);
    }

    internal static string Describe(FieldValue value) => value.Kind == FieldValueKind.Number
        ? value.Number.ToString("R", CultureInfo.InvariantCulture)
        : value.ToString();
}
