namespace Mao.Core.Verification;

/// <summary>
/// K-way merge of the sources' sorted record streams: each step takes the smallest current key and collects every
/// site's values for it. A linear scan over the heads beats a heap for the few (at most 64) sites. It also enforces
/// the input rules: no empty snapshot, keys strictly ascending (a duplicate key within one site is an error, not a vote).
/// </summary>
internal sealed class RecordMerger
{
    private readonly IRecordSource[] _sources;
    private readonly string?[] _heads;

    public RecordMerger(IRecordSource[] sources)
    {
        _sources = sources;
        _heads = new string?[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            if (!sources[i].MoveNext())
            {
                throw new MaoFormatException(sources[i].Where,
                    $"empty snapshot: site '{sources[i].Header.Site}' reported no records (leave a site that saw nothing out of the vote)");
            }
            _heads[i] = sources[i].CurrentKey;
        }
    }

    /// <summary>Fills <paramref name="verdict"/> with the next key and the observations of the sites that have it.</summary>
    public bool Next(RecordVerdict verdict)
    {
        string? min = null;
        foreach (var head in _heads)
        {
            if (head is not null && (min is null || string.CompareOrdinal(head, min) < 0))
            {
                min = head;
            }
        }
        if (min is null)
        {
            return false;
        }
        verdict.Reset(min);
        var seenBy = SiteSet.Empty;
        for (var i = 0; i < _heads.Length; i++)
        {
            if (_heads[i] is { } head && (ReferenceEquals(head, min) || string.Equals(head, min, StringComparison.Ordinal)))
            {
                var source = _sources[i];
                var values = source.CurrentValues;
                if (values.Length != verdict.Fields.Length)
                {
                    throw new MaoFormatException(source.Where, $"record '{head}' has {values.Length} values but the schema has {verdict.Fields.Length} fields");
                }
                values.CopyTo(verdict.ObservedRow(i));
                seenBy = seenBy.With(i);
                Advance(i, head);
            }
        }
        verdict.SeenBy = seenBy;
        return true;
    }

    private void Advance(int i, string previous)
    {
        var source = _sources[i];
        if (!source.MoveNext())
        {
            _heads[i] = null;
            return;
        }
        var key = source.CurrentKey;
        var order = string.CompareOrdinal(key, previous);
        if (order <= 0)
        {
            throw new MaoFormatException(source.Where, order == 0
                ? $"duplicate index value '{key}': a key may appear once per snapshot (a duplicate is an error, not a vote)"
                : $"records are not sorted by key: '{key}' comes after '{previous}'", column: source.Header.Schema.Index);
        }
        _heads[i] = key;
    }
}
