using Mao.Core;
using Mao.Core.Csv;

namespace Mao.Tools.Sar;

/// <summary>
/// Reads the earlier prototype's daily catalogue files (autocontents-YYYY-MM-DD.csv, no header): name, ARN,
/// publisherAlias, deploymentCount, labels (comma-joined), description, homePageUrl, requiredCapabilities (comma-joined).
/// </summary>
public static class SarCsv
{
    public const int ColumnCount = 8;

    public static List<SarApplication> ReadFile(string path)
    {
        return Read(new StreamReader(path, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true)), path);
    }

    public static List<SarApplication> Read(TextReader reader, string where)
    {
        var apps = new List<SarApplication>();
        using var csv = new CsvReader(reader, where);
        while (csv.ReadRow() is { } fields)
        {
            var line = csv.RowLine;
            if (fields.Count != ColumnCount)
            {
                throw new MaoFormatException(where, $"expected {ColumnCount} columns (name, ARN, publisher, deployments, labels, description, home page, capabilities), found {fields.Count}", line);
            }
            if (!long.TryParse(fields[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var deployments))
            {
                throw new MaoFormatException(where, $"deployment count '{fields[3]}' is not a whole number", line, "deploymentCount");
            }
            if (!fields[1].StartsWith("arn:", StringComparison.Ordinal))
            {
                throw new MaoFormatException(where, $"'{fields[1]}' is not an ARN", line, "ARN");
            }
            apps.Add(new SarApplication(fields[0], fields[1], fields[2], deployments, SplitList(fields[4]), fields[5],
                fields[6].Length == 0 ? null : fields[6], SplitList(fields[7])));
        }
        return apps;
    }

    private static List<string> SplitList(string joined) =>
        [.. joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
