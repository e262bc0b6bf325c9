using System.Text;
using Mao.Core;

namespace Mao.Federation.Dcc;

/// <summary>One prefix of the dataset, ready to verify: its spec, its columns and one snapshot per site.</summary>
public sealed record DccPrefix(DccFileSpec Spec, IReadOnlyList<DccColumn> Columns, IReadOnlyList<DccSnapshot> Sites);

/// <summary>
/// Reads the prototype's layout from a set of sites (branches or folders). Rules: every site needs a well-formed
/// meta.json equal to the others'; per prefix each site's newest (ordinally last) <c>&lt;prefix&gt;*.csv</c> is its
/// snapshot, ignoring the ground-truth files the prototype and we write; a site named twice is an error.
/// </summary>
public static class DccDataset
{
    private static readonly string[] ResultSuffixes = ["_aggregate.csv", "_mean.csv", "_concat_no_outliers.csv", ".truth.csv"];

    /// <param name="where">The input (repository or folder), for errors about the set of sites.</param>
    public static IReadOnlyList<DccPrefix> Read(IReadOnlyList<IDccSite> sites, DateTimeOffset observedAt, string where)
    {
        if (sites.Count == 0)
        {
            throw new MaoFormatException(where, "no sites to verify: the repository has no branches besides the output branch, or the folder no sub-folders");
        }
        var twice = sites.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new MaoFormatException(where, $"site '{twice.Key}' is listed twice: each site votes once");
        }
        var ordered = sites.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
        var metas = ordered.Select(ReadMeta).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (!SameSpecs(metas[0], metas[i]))
            {
                throw new MaoFormatException(ordered[i].Describe(DccMeta.FileName), $"meta.json differs from {ordered[0].Describe(DccMeta.FileName)}: all sites must describe the same files");
            }
        }
        return metas[0].Select(spec =>
        {
            var tables = ordered.Select(site => DccTable.Read(site, ChooseFile(site, spec.Prefix), spec.Index)).ToArray();
            var columns = DccColumns.Infer(spec, tables);
            return new DccPrefix(spec, columns, tables.Select(t => DccSnapshots.Build(spec, t, columns, observedAt)).ToArray());
        }).ToArray();
    }

    private static IReadOnlyList<DccFileSpec> ReadMeta(IDccSite site)
    {
        var where = site.Describe(DccMeta.FileName);
        if (!site.FileNames().Contains(DccMeta.FileName))
        {
            throw new MaoFormatException(where, "missing: every site needs the meta.json that describes its CSV files");
        }
        using var stream = site.Open(DccMeta.FileName);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
        string json;
        try
        {
            json = reader.ReadToEnd();
        }
        catch (DecoderFallbackException e)
        {
            throw new MaoFormatException(where, $"meta.json is not valid UTF-8 ({e.Message.TrimEnd('.')})", inner: e);
        }
        return DccMeta.Parse(json, where);
    }

    /// <summary>The newest file of the prefix: the prototype appends dates to names, so the ordinally last one.</summary>
    public static string ChooseFile(IDccSite site, string prefix)
    {
        var candidates = site.FileNames()
            .Where(f => f.StartsWith(prefix, StringComparison.Ordinal) && f.EndsWith(".csv", StringComparison.Ordinal))
            .Where(f => !ResultSuffixes.Any(suffix => f == prefix + suffix))
            .ToArray();
        return candidates.Length > 0
            ? candidates[^1]
            : throw new MaoFormatException(site.Describe($"{prefix}*.csv"), $"site '{site.Name}' has no CSV file for prefix '{prefix}'");
    }

    private static bool SameSpecs(IReadOnlyList<DccFileSpec> a, IReadOnlyList<DccFileSpec> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Prefix == p.Second.Prefix && p.First.Index == p.Second.Index
                                                && p.First.Metrics.SequenceEqual(p.Second.Metrics) && p.First.Props.SequenceEqual(p.Second.Props));
}
