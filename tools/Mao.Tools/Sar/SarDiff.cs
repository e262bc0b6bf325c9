namespace Mao.Tools.Sar;

/// <summary>A change of one application's deployment count between two days.</summary>
public sealed record DeploymentChange(string Id, string? Name, long Before, long After)
{
    public long Delta => After - Before;
}

/// <summary>What changed in the catalogue from one day to the next.</summary>
public sealed record SarDiff(
    IReadOnlyList<SarApplication> Added,
    IReadOnlyList<SarApplication> Removed,
    IReadOnlyList<DeploymentChange> DeploymentChanges)
{
    /// <summary>Compares by application id (ARN); results are sorted by id so equal inputs give equal diffs.</summary>
    public static SarDiff Between(IEnumerable<SarApplication> before, IEnumerable<SarApplication> after)
    {
        var old = ById(before);
        var now = ById(after);
        var added = now.Where(p => !old.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        var removed = old.Where(p => !now.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        var changes = now
            .Where(p => old.TryGetValue(p.Key, out var o) && o.DeploymentCount != p.Value.DeploymentCount)
            .Select(p => new DeploymentChange(p.Key, p.Value.Name, old[p.Key].DeploymentCount ?? 0, p.Value.DeploymentCount ?? 0))
            .ToList();
        return new SarDiff(added, removed, changes);
    }

    private static SortedDictionary<string, SarApplication> ById(IEnumerable<SarApplication> apps)
    {
        var map = new SortedDictionary<string, SarApplication>(StringComparer.Ordinal);
        foreach (var app in apps)
        {
            if (app.Id is { } id)
            {
                map[id] = app; // the catalogue can list an app twice across pages; the later listing wins
            }
        }
        return map;
    }
}
