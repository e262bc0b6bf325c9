namespace Mao.Core.Insights;

/// <summary>
/// A named daily time series. Points are sorted by date with at most one per day; a day nobody observed is simply
/// absent (a gap), never a zero, so trends and alerts see only what was measured.
/// </summary>
public sealed class Series
{
    public Series(string name, IEnumerable<SeriesPoint> points, string where = "series")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new MaoFormatException(where, "a series needs a name");
        }
        Name = name;
        var sorted = points.ToArray();
        Array.Sort(sorted, static (a, b) => a.Date.CompareTo(b.Date));
        for (var i = 0; i < sorted.Length; i++)
        {
            if (!double.IsFinite(sorted[i].Value))
            {
                throw new MaoFormatException(where, $"series '{name}' has a non-finite value {sorted[i].Value} on {sorted[i].Date:yyyy-MM-dd}");
            }
            if (sorted[i].Support is < 0)
            {
                throw new MaoFormatException(where, $"series '{name}' has a negative support {sorted[i].Support} on {sorted[i].Date:yyyy-MM-dd}");
            }
            if (i > 0 && sorted[i - 1].Date == sorted[i].Date)
            {
                throw new MaoFormatException(where, $"series '{name}' has two points on {sorted[i].Date:yyyy-MM-dd}: one value per day");
            }
        }
        Points = sorted;
    }

    public string Name { get; }

    /// <summary>Sorted by date, one per day; absent days are gaps.</summary>
    public IReadOnlyList<SeriesPoint> Points { get; }

    public int Count => Points.Count;

    public DateOnly First => Count > 0 ? Points[0].Date : throw new InvalidOperationException($"series '{Name}' is empty");

    public DateOnly Last => Count > 0 ? Points[^1].Date : throw new InvalidOperationException($"series '{Name}' is empty");

    public bool TryGet(DateOnly date, out SeriesPoint point)
    {
        var i = IndexOf(date);
        point = i >= 0 ? Points[i] : default;
        return i >= 0;
    }

    /// <summary>Index of the point on <paramref name="date"/>, or the bitwise complement of where it would go.</summary>
    public int IndexOf(DateOnly date)
    {
        int lo = 0, hi = Points.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = Points[mid].Date.CompareTo(date);
            if (c == 0)
            {
                return mid;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return ~lo;
    }

    /// <summary>Days between the first and the last point that have no point.</summary>
    public IEnumerable<DateOnly> MissingDays()
    {
        for (var i = 1; i < Points.Count; i++)
        {
            for (var d = Points[i - 1].Date.AddDays(1); d < Points[i].Date; d = d.AddDays(1))
            {
                yield return d;
            }
        }
    }

    /// <summary>The points from <paramref name="from"/> to <paramref name="to"/>, both inclusive.</summary>
    public Series Between(DateOnly from, DateOnly to) =>
        new(Name, Points.Where(p => p.Date >= from && p.Date <= to));

    public Series Rename(string name) => new(name, Points);

    /// <summary>
    /// The day-by-day sum of several series (ARM = arm + arm64). A day is in the sum only when every part has it:
    /// a gap in one part is a gap in the sum, not that part counted as zero. Support is the smallest part's.
    /// </summary>
    public static Series Sum(string name, IReadOnlyList<Series> parts)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("a sum needs at least one series", nameof(parts));
        }
        var points = new List<SeriesPoint>();
        foreach (var first in parts[0].Points)
        {
            var value = first.Value;
            var support = first.Support;
            var complete = true;
            for (var s = 1; s < parts.Count && complete; s++)
            {
                if (parts[s].TryGet(first.Date, out var other))
                {
                    value += other.Value;
                    support = MinSupport(support, other.Support);
                }
                else
                {
                    complete = false;
                }
            }
            if (complete)
            {
                points.Add(new SeriesPoint(first.Date, value, support));
            }
        }
        return new Series(name, points);
    }

    private static int? MinSupport(int? a, int? b) => a is null || b is null ? null : Math.Min(a.Value, b.Value);

    public override string ToString() => Count == 0 ? $"{Name} (empty)" : $"{Name} ({Count} points, {First:yyyy-MM-dd}..{Last:yyyy-MM-dd})";
}
