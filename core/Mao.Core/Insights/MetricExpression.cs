namespace Mao.Core.Insights;

/// <summary>
/// What to plot or check, as a user types it: <c>amd64_images</c>, or a labelled sum of columns
/// <c>ARM=arm_images+arm64_images</c>. The label defaults to the expression itself.
/// </summary>
public sealed record MetricExpression(string Label, IReadOnlyList<string> Columns)
{
    public static MetricExpression Parse(string text, string where = "--metric")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new MaoFormatException(where, "empty metric: name a column, e.g. amd64_images, or a sum, e.g. ARM=arm_images+arm64_images");
        }
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var label = equals >= 0 ? text[..equals].Trim() : text.Trim();
        var body = equals >= 0 ? text[(equals + 1)..] : text;
        var columns = body.Split('+', StringSplitOptions.TrimEntries);
        if (label.Length == 0 || columns.Any(c => c.Length == 0))
        {
            throw new MaoFormatException(where, $"metric '{text}' is malformed: use column or label=column+column");
        }
        return new MetricExpression(label, columns);
    }

    public override string ToString() => Columns.Count == 1 && Label == Columns[0] ? Label : $"{Label}={string.Join('+', Columns)}";
}
