using System.Globalization;

namespace Mao.Core.Model;

/// <summary>
/// One value of one field of one record: missing, a number, a string or a set of strings.
/// A small struct because verification holds millions of them.
/// </summary>
public readonly struct FieldValue : IEquatable<FieldValue>
{
    private readonly double _number;
    private readonly object? _reference; // string for Text, string[] (sorted, distinct) for Set

    private FieldValue(FieldValueKind kind, double number, object? reference)
    {
        Kind = kind;
        _number = number;
        _reference = reference;
    }

    public FieldValueKind Kind { get; }

    public static FieldValue Missing => default;

    public bool IsMissing => Kind == FieldValueKind.Missing;

    public static FieldValue Of(double number) =>
        double.IsFinite(number)
            ? new(FieldValueKind.Number, number, null)
            : throw new ArgumentOutOfRangeException(nameof(number), number, "field values must be finite numbers");

    public static FieldValue Of(string text) => new(FieldValueKind.Text, 0, text ?? throw new ArgumentNullException(nameof(text)));

    /// <summary>A set: duplicates removed, sorted ordinally so equal sets compare and hash equal.</summary>
    public static FieldValue OfSet(IEnumerable<string> items)
    {
        var sorted = items.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return new(FieldValueKind.Set, 0, sorted);
    }

    public double Number => Kind == FieldValueKind.Number ? _number : throw new InvalidOperationException($"value is {Kind}, not a number");

    public string Text => Kind == FieldValueKind.Text ? (string)_reference! : throw new InvalidOperationException($"value is {Kind}, not text");

    public IReadOnlyList<string> Set => Kind == FieldValueKind.Set ? (string[])_reference! : throw new InvalidOperationException($"value is {Kind}, not a set");

    public bool Equals(FieldValue other) => Kind == other.Kind && Kind switch
    {
        FieldValueKind.Missing => true,
        FieldValueKind.Number => _number.Equals(other._number),
        FieldValueKind.Text => string.Equals((string)_reference!, (string)other._reference!, StringComparison.Ordinal),
        FieldValueKind.Set => ((string[])_reference!).AsSpan().SequenceEqual((string[])other._reference!),
        _ => false,
    };

    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);

    public override int GetHashCode()
    {
        switch (Kind)
        {
            case FieldValueKind.Number: return HashCode.Combine(Kind, _number);
            case FieldValueKind.Text: return HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode((string)_reference!));
            case FieldValueKind.Set:
                var hash = new HashCode();
                hash.Add(Kind);
                foreach (var item in (string[])_reference!)
                {
                    hash.Add(item, StringComparer.Ordinal);
                }
                return hash.ToHashCode();
            default: return 0;
        }
    }

    public static bool operator ==(FieldValue left, FieldValue right) => left.Equals(right);
    public static bool operator !=(FieldValue left, FieldValue right) => !left.Equals(right);

    /// <summary>Invariant, round-trippable text: numbers in shortest "R" form, sets joined with '|'.</summary>
    public override string ToString() => Kind switch
    {
        FieldValueKind.Missing => "",
        FieldValueKind.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        FieldValueKind.Text => (string)_reference!,
        FieldValueKind.Set => string.Join('|', (string[])_reference!),
        _ => "",
    };
}

public enum FieldValueKind : byte
{
    Missing,
    Number,
    Text,
    Set,
}
