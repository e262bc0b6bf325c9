using Mao.Core.Model;

namespace Mao.Core.Verification;

/// <summary>
/// The ground truth of one record: per field a <see cref="FieldVerdict"/>, plus what every site reported.
/// The engine reuses one instance for all records (millions of records must not mean millions of objects):
/// a sink that keeps verdicts must keep <see cref="Detach"/>ed copies.
/// </summary>
public sealed class RecordVerdict
{
    private readonly FieldValue[] _observed;

    public RecordVerdict(IReadOnlyList<string> sites, MetricSchema schema)
    {
        Sites = sites;
        Schema = schema;
        Fields = new FieldVerdict[schema.Fields.Count];
        _observed = new FieldValue[sites.Count * schema.Fields.Count];
        Key = "";
    }

    /// <summary>Site names, sorted ordinally; <see cref="SiteSet"/> indexes refer to this list.</summary>
    public IReadOnlyList<string> Sites { get; }

    public MetricSchema Schema { get; }

    public string Key { get; internal set; }

    /// <summary>Sites whose snapshot has this record.</summary>
    public SiteSet SeenBy { get; internal set; }

    /// <summary>Record-level flags: <see cref="VerdictFlags.BelowQuorum"/> when too few sites saw the record.</summary>
    public VerdictFlags Flags { get; internal set; }

    /// <summary>One verdict per schema field, in schema order.</summary>
    public FieldVerdict[] Fields { get; }

    /// <summary>What <paramref name="site"/> reported for field <paramref name="field"/> (missing if it did not see the record).</summary>
    public FieldValue Observed(int site, int field) => SeenBy.Contains(site) ? _observed[site * Fields.Length + field] : FieldValue.Missing;

    /// <summary>Observations, site-major (site * fields + field); rows of sites not in <see cref="SeenBy"/> are stale.</summary>
    internal FieldValue[] Observations => _observed;

    internal Span<FieldValue> ObservedRow(int site) => _observed.AsSpan(site * Fields.Length, Fields.Length);

    internal void Reset(string key)
    {
        Key = key;
        SeenBy = SiteSet.Empty;
        Flags = VerdictFlags.None;
        // No clearing: rows of sites that did not see this record are never read (Observed checks SeenBy).
    }

    public bool AnyContested()
    {
        foreach (var field in Fields)
        {
            if (field.Contested)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The dissenters of a field with the values they reported, in site order.</summary>
    public IEnumerable<(string Site, FieldValue Value)> Dissenters(int field) =>
        Fields[field].Dissent.Indexes().Select(s => (Sites[s], Observed(s, field)));

    /// <summary>An independent copy, safe to keep after the engine moved on.</summary>
    public RecordVerdict Detach()
    {
        var copy = new RecordVerdict(Sites, Schema) { Key = Key, SeenBy = SeenBy, Flags = Flags };
        Array.Copy(Fields, copy.Fields, Fields.Length);
        Array.Copy(_observed, copy._observed, _observed.Length);
        return copy;
    }
}
