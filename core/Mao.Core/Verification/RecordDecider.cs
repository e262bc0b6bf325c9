using Mao.Core.Model;

namespace Mao.Core.Verification;

/// <summary>Turns one record's observations into field verdicts, reusing scratch buffers between records.</summary>
internal sealed class RecordDecider
{
    private readonly MetricSchema _schema;
    private readonly VotePolicy _policy;
    private readonly double[] _siteWeights;
    private readonly int _required;
    private readonly NumericVote _numeric;
    private readonly ClusterVote _cluster;
    private readonly int[] _sites;
    private readonly double[] _numbers;
    private readonly FieldValue[] _values;
    private readonly double[] _weights;

    public RecordDecider(MetricSchema schema, int siteCount, VotePolicy policy, double[] siteWeights, int required)
    {
        _schema = schema;
        _policy = policy;
        _siteWeights = siteWeights;
        _required = required;
        _numeric = new NumericVote(siteCount);
        _cluster = new ClusterVote(siteCount);
        _sites = new int[siteCount];
        _numbers = new double[siteCount];
        _values = new FieldValue[siteCount];
        _weights = new double[siteCount];
    }

    public void Decide(RecordVerdict verdict, IRecordSource[] sources)
    {
        for (var f = 0; f < _schema.Fields.Count; f++)
        {
            var spec = _schema.Fields[f];
            var expected = spec.IsNumeric ? FieldValueKind.Number : spec.Kind == FieldKind.Set ? FieldValueKind.Set : FieldValueKind.Text;
            var n = 0;
            var silent = SiteSet.Empty;
            foreach (var site in verdict.SeenBy.Indexes())
            {
                var value = verdict.Observed(site, f);
                if (value.IsMissing)
                {
                    silent = silent.With(site);
                    continue;
                }
                if (value.Kind != expected)
                {
                    throw new MaoFormatException(sources[site].Where,
                        $"record '{verdict.Key}': a {spec.Kind} field holds a {value.Kind} value", column: spec.Name);
                }
                _sites[n] = site;
                _values[n] = value;
                _weights[n] = _siteWeights[site];
                n++;
            }
            ref var result = ref verdict.Fields[f];
            result = new FieldVerdict { Silent = silent, Flags = n < _required ? VerdictFlags.BelowQuorum : VerdictFlags.None };
            if (n == 0)
            {
                result.Flags |= VerdictFlags.NoValue;
                continue;
            }
            if (spec.Kind == FieldKind.Performance)
            {
                for (var i = 0; i < n; i++) _numbers[i] = _values[i].Number;
                _numeric.Decide(_sites.AsSpan(0, n), _numbers.AsSpan(0, n), _weights.AsSpan(0, n), _policy, _required, ref result);
            }
            else
            {
                _cluster.Decide(spec.Kind, _sites.AsSpan(0, n), _values.AsSpan(0, n), _weights.AsSpan(0, n), _policy, _required, ref result);
            }
        }
    }
}
