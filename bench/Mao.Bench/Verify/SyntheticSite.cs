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
    private readonly TruthCache _truth;
    private readonly int _site;
    private readonly bool _liar;
    private readonly FieldValue[] _values;
    private int _index = -1;

    public SyntheticSite(string[] keys, int site, MetricSchema schema, TruthCache truth)
    {
        _keys = keys;
        _truth = truth;
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
        var truth = _truth.For(_index, _values.Length);
        // One hash gives every performance field its noise: 8 bits each, mapped to ±1 %.
        var noise = Hash(_index, _site, 1);
        for (var f = 0; f < _values.Length; f++)
        {
            var t = truth[f];
            switch (Header.Schema.Fields[f].Kind)
            {
                case FieldKind.Performance:
                    var jitter = ((noise >> (8 * (f % 8))) & 0xFF) / 255.0 * 0.02 - 0.01;
                    _values[f] = FieldValue.Of((t % 10_000 + 1) * (1 + jitter) * (lying ? 50 : 1));
                    break;
                case FieldKind.Count:
                    _values[f] = FieldValue.Of(t % 500 + (lying ? 1UL : 0UL));
                    break;
                case FieldKind.Category:
                    _values[f] = Publishers[(t + (lying ? 1UL : 0UL)) % (ulong)Publishers.Length];
                    break;
                default:
                    _values[f] = ArchSets[(t + (lying ? 1UL : 0UL)) % (ulong)ArchSets.Length];
                    break;
            }
        }
        return true;
    }

    /// <summary>SplitMix64 of (record, site, salt): cheap, deterministic, well spread.</summary>
    internal static ulong Hash(int record, int site, int salt)
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

/// <summary>
/// Each record's true values, computed once and shared by all sites: the merge asks every site for the same record
/// in turn, so remembering the last record suffices.
/// </summary>
internal sealed class TruthCache
{
    private ulong[] _values = [];
    private int _record = -1;

    public ulong[] For(int record, int fields)
    {
        if (record != _record || _values.Length != fields)
        {
            if (_values.Length != fields)
            {
                _values = new ulong[fields];
            }
            for (var f = 0; f < fields; f++)
            {
                _values[f] = SyntheticSite.Hash(record, 0, f);
            }
            _record = record;
        }
        return _values;
    }
}
