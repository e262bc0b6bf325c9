using System.Runtime.ExceptionServices;

namespace Mao.Core.Verification;

/// <summary>
/// Runs the k-way merge (reading and parsing the sources, collecting each key's observations) on its own thread,
/// handing batches of records to the deciding thread: on two cores reading and voting overlap, and memory stays
/// bounded (a fixed number of batches of one record per site each). Order is preserved. The hand-over is a plain
/// monitor, not tasks, so no thread-pool thread spins while one side waits.
/// </summary>
internal sealed class MergePipeline : IDisposable
{
    private const int BatchSize = 512;
    private const int Batches = 4;
    private readonly object _gate = new();
    private readonly Queue<Batch> _full = new();
    private readonly Queue<Batch> _empty = new();
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenRegistration _registration;
    private readonly Thread _producer;
    private bool _finished;
    private bool _stopped;
    private ExceptionDispatchInfo? _error;
    private Batch? _current;
    private int _position;

    private sealed class Batch(int size, Func<RecordVerdict> create)
    {
        public RecordVerdict[] Records { get; } = Enumerable.Range(0, size).Select(_ => create()).ToArray();
        public int Count { get; set; }
    }

    public MergePipeline(RecordMerger merger, Func<RecordVerdict> createVerdict, CancellationToken cancellation)
    {
        for (var i = 0; i < Batches; i++)
        {
            _empty.Enqueue(new Batch(BatchSize, createVerdict));
        }
        _cancellation = cancellation;
        _registration = cancellation.Register(Stop);
        _producer = new Thread(() => Produce(merger)) { IsBackground = true, Name = "verification merge" };
        _producer.Start();
    }

    /// <summary>The next record in key order, or null at the end; errors of the merge thread surface here.</summary>
    public RecordVerdict? Next()
    {
        if (_current is not null && _position < _current.Count)
        {
            return _current.Records[_position++];
        }
        lock (_gate)
        {
            if (_current is not null)
            {
                _empty.Enqueue(_current);
                _current = null;
                Monitor.PulseAll(_gate);
            }
            while (_full.Count == 0 && !_finished && !_stopped)
            {
                Monitor.Wait(_gate);
            }
            _cancellation.ThrowIfCancellationRequested();
            if (_full.Count == 0)
            {
                _error?.Throw();
                return null;
            }
            _current = _full.Dequeue();
            _position = 0;
        }
        return _current.Records[_position++];
    }

    private void Produce(RecordMerger merger)
    {
        try
        {
            while (true)
            {
                Batch batch;
                lock (_gate)
                {
                    while (_empty.Count == 0 && !_stopped)
                    {
                        Monitor.Wait(_gate);
                    }
                    if (_stopped)
                    {
                        return;
                    }
                    batch = _empty.Dequeue();
                }
                batch.Count = 0;
                var more = true;
                while (batch.Count < batch.Records.Length && (more = merger.Next(batch.Records[batch.Count])))
                {
                    batch.Count++;
                }
                lock (_gate)
                {
                    if (batch.Count > 0)
                    {
                        _full.Enqueue(batch);
                    }
                    _finished = !more;
                    Monitor.PulseAll(_gate);
                    if (_finished)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _error = ExceptionDispatchInfo.Capture(e);
                _finished = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }

    public void Dispose()
    {
        Stop();
        _producer.Join();
        _registration.Dispose();
    }
}
