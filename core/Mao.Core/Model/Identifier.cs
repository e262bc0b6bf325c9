using System.Text.RegularExpressions;

namespace Mao.Core.Model;

/// <summary>
/// Names of tools, sites and rounds end up in etcd keys, blob names, git branch names and file paths:
/// they are restricted so that none of those can be tricked (no '/', '..', control characters, no huge ids).
/// </summary>
public static partial class Identifier
{
    public const int MaxLength = 63;

    // \z, not $: $ also matches before a final newline, which let "nl1\n" pass as an id.
    [GeneratedRegex(@"\A[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) =>
        value is not null && value.Length <= MaxLength && Pattern().IsMatch(value) && !value.Contains("..", StringComparison.Ordinal);

    /// <summary>Returns the value when it is a valid id, else throws naming what it is and where it came from.</summary>
    public static string Validate(string? value, string what, string where)
    {
        if (IsValid(value))
        {
            return value!;
        }
        var shown = value is null ? "(null)" : Describe(value);
        throw new MaoFormatException(where,
            $"{what} {shown} is not a valid id: use 1-{MaxLength} lower-case letters, digits, '.', '_' or '-', starting and ending with a letter or digit, without '..'");
    }

    private static string Describe(string value)
    {
        var cut = value.Length > 80 ? value[..80] + $"... ({value.Length} chars)" : value;
        var printable = new string(cut.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return $"'{printable}'";
    }
}
