using Mao.Core.Model;

namespace Mao.Core.Verification;

/// <summary>
/// Checks that snapshots can be verified together (same tool and schema, each site once, at most 64 sites)
/// and orders them by site name, so the result does not depend on the order they were given in.
/// </summary>
internal static class SourceSet
{
    public static IRecordSource[] Prepare(IReadOnlyList<IRecordSource> sources)
    {
        if (sources.Count == 0)
        {
            throw new MaoFormatException("verification", "no snapshots to verify");
        }
        if (sources.Count > SiteSet.Capacity)
        {
            throw new MaoFormatException("verification", $"{sources.Count} snapshots given; at most {SiteSet.Capacity} sites can be verified together");
        }
        var ordered = sources.OrderBy(s => s.Header.Site, StringComparer.Ordinal).ToArray();
        var first = ordered[0];
        first.Header.Schema.Validate(first.Where);
        for (var i = 0; i < ordered.Length; i++)
        {
            var source = ordered[i];
            if (string.IsNullOrWhiteSpace(source.Header.Site))
            {
                throw new MaoFormatException(source.Where, "snapshot names no site");
            }
            if (i > 0 && ordered[i - 1].Header.Site == source.Header.Site)
            {
                throw new MaoFormatException(source.Where,
                    $"site '{source.Header.Site}' is listed twice (also {ordered[i - 1].Where}): each site votes once");
            }
            if (source.Header.Tool != first.Header.Tool)
            {
                throw new MaoFormatException(source.Where,
                    $"snapshot of tool '{source.Header.Tool}' cannot be verified with tool '{first.Header.Tool}' ({first.Where})");
            }
            if (!source.Header.Schema.Equivalent(first.Header.Schema))
            {
                throw new MaoFormatException(source.Where,
                    $"schema {Describe(source.Header.Schema)} differs from {Describe(first.Header.Schema)} of {first.Where}");
            }
        }
        return ordered;
    }

    private static string Describe(MetricSchema schema) =>
        $"[{schema.Index}; {string.Join(", ", schema.Fields.Select(f => $"{f.Name}:{f.Kind}"))}]";
}
