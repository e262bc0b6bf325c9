using System.Globalization;
using Mao.Core.Insights;
using Mao.Testing;

namespace Mao.Core.Tests.Insights;

/// <summary>Series for tests, and the recorded architecture CSV parsed naively (split on commas), independent of SeriesCsv.</summary>
internal static class InsightsData
{
    public static readonly DateOnly Day0 = new(2020, 1, 1);

    public const string ArchCsv = "data/dockerhub-arch-timeseries-2019-11-11_2020-06-17.csv";

    /// <summary>Day offsets from strictly positive steps: step 1 is the next day, larger steps leave gaps.</summary>
    public static int[] Offsets(IEnumerable<int> steps)
    {
        var offset = 0;
        return steps.Select(s => offset += s).ToArray();
    }

    public static Series Line(string name, int[] offsets, Func<int, double> valueAt) =>
        new(name, offsets.Select(o => new SeriesPoint(Day0.AddDays(o), valueAt(o))));

    /// <summary>column name → (day → value), with empty cells left out.</summary>
    public static Dictionary<string, SortedDictionary<DateOnly, double>> NaiveArchColumns()
    {
        var lines = File.ReadAllLines(SharedData.Path(ArchCsv)).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var columns = header.Skip(1).ToDictionary(h => h, _ => new SortedDictionary<DateOnly, double>());
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var day = DateOnly.ParseExact(cells[0][..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            for (var c = 1; c < cells.Length; c++)
            {
                if (cells[c].Length > 0)
                {
                    columns[header[c]][day] = double.Parse(cells[c], CultureInfo.InvariantCulture);
                }
            }
        }
        return columns;
    }

    /// <summary>Deterministic standard normal noise (Box-Muller) so statistical tests are reproducible.</summary>
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
