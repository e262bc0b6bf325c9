namespace Mao.Core;

/// <summary>Input that cannot be used, with where it was found (file, key, URL) and, when known, line and column.</summary>
public sealed class MaoFormatException : Exception
{
    public MaoFormatException(string where, string problem, int? line = null, string? column = null, Exception? inner = null)
        : base(Format(where, problem, line, column), inner)
    {
        Where = where;
        Problem = problem;
        Line = line;
        Column = column;
    }

    public string Where { get; }
    public string Problem { get; }
    public int? Line { get; }
    public string? Column { get; }

    private static string Format(string where, string problem, int? line, string? column)
    {
        var position = line is null ? "" : $":{line}";
        var col = column is null ? "" : $" (column '{column}')";
        return $"{where}{position}{col}: {problem}";
    }
}
