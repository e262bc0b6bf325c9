using Mao.Core.Model;

namespace Mao.Core.Verification;

/// <summary>Turns one record's observations into field verdicts, reusing scratch buffers between records.</summary>
internal sealed class RecordDecider
{
    private readonly MetricSchema _schema;
    private readonly FieldKind[] _kinds;
    private readonly FieldValueKind[] _expected;
    private readonly VotePolicy _policy;
    private readonly double[] _siteWeights;
    private readonly int _required;
    private readonly NumericVote _numeric;
    private readonly ClusterVote _cluster;
    private readonly int[] _sites;
    private readonly int[] _slots;
    private readonly double[] _numbers;
    private readonly double[] _weights;
    private readonly bool _uniform; // every site weighs 1: votes skip the weights

    public RecordDecider(MetricSchema schema, int siteCount, VotePolicy policy, double[] siteWeights, int required)
    {
        _schema = schema;
        _kinds = schema.Fields.Select(f => f.Kind).ToArray();
        _expected = _kinds.Select(k => k switch
        {
            FieldKind.Performance or FieldKind.Count => FieldValueKind.Number,
            FieldKind.Set => FieldValueKind.Set,
            _ => FieldValueKind.Text,
        }).ToArray();
        _policy = policy;
        _siteWeights = siteWeights;
        _uniform = siteWeights.All(w => w == 1);
        _required = required;
        _numeric = new NumericVote(siteCount);
        _cluster = new ClusterVote(siteCount);
        _sites = new int[siteCount];
        _slots = new int[siteCount];
        _numbers = new double[siteCount];
        _weights = new double[siteCount];
    }

    /// <summary>See <see cref="RoundEvidence"/>; true until the engine has judged the round.</summary>
    public bool RoundShowsAgreement
    {
        get => _numeric.RoundShowsAgreement;
        set => _numeric.RoundShowsAgreement = value;
    }

    /// <summary>Whether the numeric votes so far show agreement beyond chance.</summary>
    public bool VotesShowAgreement => RoundEvidence.ShowsAgreement(_numeric.Votes, _numeric.AgreeingVotes);

    public void Decide(RecordVerdict verdict, IRecordSource[] sources)
    {
        var observed = verdict.Observations;
        var fields = _kinds.Length;
        for (var f = 0; f < fields; f++)
        {
            var kind = _kinds[f];
            var expected = _expected[f];
            var numeric = kind == FieldKind.Performance;
            var n = 0;
            var silent = SiteSet.Empty;
            foreach (var site in verdict.SeenBy.Indexes())
            {
                var slot = site * fields + f;
                ref readonly var value = ref observed[slot];
                if (value.Kind != expected)
                {
                    if (value.IsMissing)
                    {
                        silent = silent.With(site);
                        continue;
                    }
                    throw new MaoFormatException(sources[site].Where,
                        $"record '{verdict.Key}': a {kind} field holds a {value.Kind} value", column: _schema.Fields[f].Name);
                }
                _sites[n] = site;
                _slots[n] = slot;
                if (numeric)
                {
                    _numbers[n] = value.Number;
                }
                if (!_uniform)
                {
                    _weights[n] = _siteWeights[site];
                }
                n++;
            }
            ref var result = ref verdict.Fields[f];
            result = new FieldVerdict { Silent = silent, Flags = n < _required ? VerdictFlags.BelowQuorum : VerdictFlags.None };
            if (n == 0)
            {
                result.Flags |= VerdictFlags.NoValue;
            }
            else if (numeric)
            {
                _numeric.Decide(_sites.AsSpan(0, n), _numbers.AsSpan(0, n), Weights(n), _policy, _required, ref result);
            }
            else
            {
                _cluster.Decide(kind, observed, _sites.AsSpan(0, n), _slots.AsSpan(0, n), Weights(n), _policy, _required, ref result);
            }
        }
    }

    private ReadOnlySpan<double> Weights(int n) => _uniform ? default : _weights.AsSpan(0, n);
}
