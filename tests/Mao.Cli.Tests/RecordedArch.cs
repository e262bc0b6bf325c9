using System.Globalization;
using Mao.Testing;

namespace Mao.Cli.Tests;

/// <summary>The recorded architecture CSV parsed by hand (split on commas), independent of the code under test.</summary>
internal static class RecordedArch
{
    public const string Relative = "data/dockerhub-arch-timeseries-2019-11-11_2020-06-17.csv";

    public static string Path => SharedData.Path(Relative);

    /// <summary>Day → value of the sum of <paramref name="columns"/>, on days where every column has a value.</summary>
    public static SortedDictionary<DateOnly, double> Sum(params string[] columns)
    {
        var lines = File.ReadAllLines(Path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var indexes = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        Assert.DoesNotContain(-1, indexes);
        var result = new SortedDictionary<DateOnly, double>();
        foreach (var cells in lines.Skip(1).Select(l => l.Split(',')))
        {
            if (indexes.All(i => cells[i].Length > 0))
            {
                result[DateOnly.ParseExact(cells[0][..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)] =
                    indexes.Sum(i => double.Parse(cells[i], CultureInfo.InvariantCulture));
            }
        }
        return result;
    }

    /// <summary>Least-squares slope per day, straight from the textbook formula.</summary>
    public static double OlsSlopePerDay(SortedDictionary<DateOnly, double> points)
    {
        var x = points.Keys.Select(d => (double)d.DayNumber).ToArray();
        var y = points.Values.ToArray();
        double mx = x.Average(), my = y.Average();
        return x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
    }
}
