using Mao.Core.Model;

namespace Mao.Core.Sorting;

/// <summary>
/// Sorts records by key (ordinal) in bounded memory, dropping repeated keys: the record added first wins, as a snapshot
/// assembled in plan order keeps a key's first record. Up to <c>runRecords</c> records are held; a full buffer is sorted
/// and spilled as a run to a stream the caller supplies (a temporary file), and the runs are merged at most
/// <c>fanIn</c> at a time (older runs merged first, so age, and thus the first-added rule, is kept through every pass).
/// The sort does no I/O of its own: <c>newSpill</c> gives it empty read/write streams and it disposes them.
/// </summary>
public sealed class ExternalRecordSort : IAsyncDisposable
{
    public const int DefaultRunRecords = 16_384;
    public const int DefaultFanIn = 16;

    private readonly Func<Stream> _newSpill;
    private readonly int _runRecords;
    private readonly int _fanIn;
    private readonly List<SnapshotRecord> _buffer = [];
    private readonly List<Stream> _runs = []; // oldest first
    private bool _sorted;

    public ExternalRecordSort(Func<Stream> newSpill, int runRecords = DefaultRunRecords, int fanIn = DefaultFanIn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runRecords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 2);
        _newSpill = newSpill;
        _runRecords = runRecords;
        _fanIn = fanIn;
    }

    /// <summary>Runs spilled so far (for reports and tests).</summary>
    public int SpilledRuns { get; private set; }

    public async ValueTask AddAsync(SnapshotRecord record, CancellationToken cancellationToken)
    {
        if (_sorted)
        {
            throw new InvalidOperationException("records were added after the sorted output was read");
        }
        _buffer.Add(record);
        if (_buffer.Count >= _runRecords)
        {
            await SpillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The records added, sorted by key with unique keys (the first added wins). Read once.</summary>
    public async IAsyncEnumerable<SnapshotRecord> SortedAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_sorted)
        {
            throw new InvalidOperationException("the sorted output can be read once");
        }
        _sorted = true;
        if (_runs.Count == 0)
        {
            foreach (var record in SortBuffer())
            {
                yield return record;
            }
            yield break;
        }
        if (_buffer.Count > 0)
        {
            await SpillAsync(cancellationToken).ConfigureAwait(false);
        }
        while (_runs.Count > _fanIn)
        {
            await ReduceAsync(cancellationToken).ConfigureAwait(false);
        }
        await foreach (var record in Merge(_runs, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs)
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }
        _runs.Clear();
    }

    /// <summary>The buffer sorted by key, stable (so the first added of equal keys comes first), repeats dropped.</summary>
    private List<SnapshotRecord> SortBuffer()
    {
        var order = new int[_buffer.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => string.CompareOrdinal(_buffer[a].Key, _buffer[b].Key) is var c && c != 0 ? c : a.CompareTo(b));
        var sorted = new List<SnapshotRecord>(order.Length);
        foreach (var i in order)
        {
            if (sorted.Count == 0 || sorted[^1].Key != _buffer[i].Key)
            {
                sorted.Add(_buffer[i]);
            }
        }
        _buffer.Clear();
        return sorted;
    }

    private async Task SpillAsync(CancellationToken cancellationToken)
    {
        var sorted = SortBuffer();
        var run = _newSpill();
        _runs.Add(run);
        await RecordRun.WriteAsync(run, sorted, cancellationToken).ConfigureAwait(false);
        SpilledRuns++;
    }

    /// <summary>Merges the oldest <c>fanIn</c> runs into one, which takes their place (still the oldest).</summary>
    private async Task ReduceAsync(CancellationToken cancellationToken)
    {
        var group = _runs.GetRange(0, _fanIn);
        var merged = _newSpill();
        try
        {
            await WriteMergedAsync(merged, group, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await merged.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _runs.RemoveRange(0, _fanIn);
        _runs.Insert(0, merged);
        foreach (var run in group)
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes the group's merge in blocks, so the merged run is never held whole.</summary>
    private static async Task WriteMergedAsync(Stream output, List<Stream> group, CancellationToken cancellationToken)
    {
        var block = new List<SnapshotRecord>(4096);
        await foreach (var record in Merge(group, cancellationToken).ConfigureAwait(false))
        {
            block.Add(record);
            if (block.Count == block.Capacity)
            {
                await RecordRun.WriteAsync(output, block, cancellationToken).ConfigureAwait(false);
                block.Clear();
            }
        }
        await RecordRun.WriteAsync(output, block, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>k-way merge of sorted runs; equal keys go to the oldest run, and a key is given once.</summary>
    private static async IAsyncEnumerable<SnapshotRecord> Merge(IReadOnlyList<Stream> runs, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var readers = new IAsyncEnumerator<SnapshotRecord>[runs.Count];
        var heads = new PriorityQueue<int, (string Key, int Run)>(runs.Count, HeadOrder.Instance);
        try
        {
            for (var i = 0; i < runs.Count; i++)
            {
                readers[i] = RecordRun.ReadAsync(runs[i], cancellationToken).GetAsyncEnumerator(cancellationToken);
                if (await readers[i].MoveNextAsync().ConfigureAwait(false))
                {
                    heads.Enqueue(i, (readers[i].Current.Key, i));
                }
            }
            string? last = null;
            while (heads.TryDequeue(out var run, out _))
            {
                var record = readers[run].Current;
                if (record.Key != last)
                {
                    last = record.Key;
                    yield return record;
                }
                if (await readers[run].MoveNextAsync().ConfigureAwait(false))
                {
                    heads.Enqueue(run, (readers[run].Current.Key, run));
                }
            }
        }
        finally
        {
            foreach (var reader in readers.OfType<IAsyncEnumerator<SnapshotRecord>>())
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed class HeadOrder : IComparer<(string Key, int Run)>
    {
        public static readonly HeadOrder Instance = new();

        public int Compare((string Key, int Run) x, (string Key, int Run) y) =>
            string.CompareOrdinal(x.Key, y.Key) is var c && c != 0 ? c : x.Run.CompareTo(y.Run);
    }
}
