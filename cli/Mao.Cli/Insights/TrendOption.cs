using System.CommandLine;
using Mao.Core.Insights;

namespace Mao.Cli.Insights;

/// <summary>--trend ols|theil-sen|none, shared by `mao chart` and `mao series`.</summary>
public static class TrendOption
{
    public static Option<string> Create(string defaultValue, bool allowNone)
    {
        var option = new Option<string>("--trend")
        {
            Description = "Trend line: ols (least squares, with a 95% interval for the slope) or theil-sen (median of pairwise slopes, " +
                          "robust to wild values)" + (allowNone ? "; none to draw no line" : ""),
            DefaultValueFactory = _ => defaultValue,
        };
        option.AcceptOnlyFromAmong(allowNone ? ["ols", "theil-sen", "none"] : ["ols", "theil-sen", "both"]);
        return option;
    }

    public static TrendMethod? Parse(string? text) => text switch
    {
        "ols" => TrendMethod.Ols,
        "theil-sen" => TrendMethod.TheilSen,
        _ => null,
    };
}
