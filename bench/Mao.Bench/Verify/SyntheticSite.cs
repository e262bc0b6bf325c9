using Mao.Core.Model;
using Mao.Core.Verification;

namespace Mao.Bench.Verify;

/// <summary>
/// A site's snapshot generated on the fly (no records held): the same ground truth for every site with per-site noise
/// on performance metrics, about 1 % of records missing per site, and every seventh site lying on 5 % of its records.
/// Keys are shared between sites (the key list is the only per-record memory), values come from a hash, so the
/// benchmark measures the engine, not the generator's allocations.
/// </summary>
internal sealed class SyntheticSite : IRecordSource
{
    private static readonly FieldValue[] Publishers = new[] { "acme", "Acme", "bitnami", "library", "other" }.Select(FieldValue.Of).ToArray();
    private static readonly FieldValue[] ArchSets =
    [
        FieldValue.OfSet(["amd64"]), FieldValue.OfSet(["amd64", "arm64"]), FieldValue.OfSet(["amd64", "arm64", "arm"]),
        FieldValue.OfSet(["amd64", "arm64", "ppc64le", "s390x"]),
    ];

    private readonly string[] _keys;
    private readonly int _site;
    private readonly bool _liar;
    private readonly FieldValue[] _values;
    private int _index = -1;

    public SyntheticSite(string[] keys, int site, MetricSchema schema)
    {
        _keys = keys;
        _site = site;
        _liar = site % 7 == 6;
        _values = new FieldValue[schema.Fields.Count];
        Header = new SnapshotHeader("bench", "1", $"site{site:00}", DateTimeOffset.UnixEpoch, schema);
    }

    public static MetricSchema Schema(int fields) => new("key", Enumerable.Range(0, fields).Select(f => new FieldSpec($"f{f}", (f % 10) switch
    {
        6 or 7 => FieldKind.Count,
        8 => FieldKind.Category,
        9 => FieldKind.Set,
        _ => FieldKind.Performance,
    })).ToArray());

    public SnapshotHeader Header { get; }

    public string Where => Header.Site;

    public string CurrentKey => _keys[_index];

    public ReadOnlySpan<FieldValue> CurrentValues => _values;

    public bool MoveNext()
    {
        do
        {
            _index++;
        }
        while (_index < _keys.Length && Hash(_index, _site, 999) % 100 == 0);
        if (_index >= _keys.Length)
        {
            return false;
        }
        var lying = _liar && Hash(_index, _site, 777) % 20 == 0;
        for (var f = 0; f < _values.Length; f++)
        {
            var truth = Hash(_index, 0, f);
            _values[f] = Header.Schema.Fields[f].Kind switch
            {
                FieldKind.Performance => FieldValue.Of((truth % 10_000 + 1) * (1 + (Hash(_index, _site, f) % 200 - 100) / 10_000.0) * (lying ? 50 : 1)),
                FieldKind.Count => FieldValue.Of(truth % 500 + (lying ? 1UL : 0UL)),
                FieldKind.Category => Publishers[(truth + (lying ? 1UL : 0)) % (ulong)Publishers.Length],
                _ => ArchSets[(truth + (lying ? 1UL : 0)) % (ulong)ArchSets.Length],
            };
        }
        return true;
    }

    /// <summary>SplitMix64 of (record, site, salt): cheap, deterministic, well spread.</summary>
    private static ulong Hash(int record, int site, int salt)
    {
        var z = (ulong)record * 0x9E3779B97F4A7C15UL + (ulong)site * 0xBF58476D1CE4E5B9UL + (ulong)salt * 0x94D049BB133111EBUL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public void Dispose()
    {
    }
}
