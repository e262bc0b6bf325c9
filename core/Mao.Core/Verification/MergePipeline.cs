using System.Threading.Channels;

namespace Mao.Core.Verification;

/// <summary>
/// Runs the k-way merge (reading and parsing the sources, collecting each key's observations) on its own thread,
/// handing batches of records to the deciding thread through a bounded channel: on two cores reading and voting
/// overlap, and memory stays bounded (a few batches of one record per site each). Order is preserved.
/// </summary>
internal sealed class MergePipeline : IDisposable
{
    private const int BatchSize = 64;
    private const int BatchesInFlight = 3;
    private readonly Channel<Batch> _full = Channel.CreateBounded<Batch>(new BoundedChannelOptions(BatchesInFlight) { SingleReader = true, SingleWriter = true });
    private readonly Channel<Batch> _empty = Channel.CreateUnbounded<Batch>();
    private readonly CancellationTokenSource _stop;
    private readonly Thread _producer;
    private Batch? _current;
    private int _position;

    public sealed class Batch(int size, Func<RecordVerdict> create)
    {
        public RecordVerdict[] Records { get; } = Enumerable.Range(0, size).Select(_ => create()).ToArray();
        public int Count { get; set; }
    }

    public MergePipeline(RecordMerger merger, Func<RecordVerdict> createVerdict, CancellationToken cancellation)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        for (var i = 0; i < BatchesInFlight + 2; i++)
        {
            _empty.Writer.TryWrite(new Batch(BatchSize, createVerdict));
        }
        _producer = new Thread(() => Produce(merger)) { IsBackground = true, Name = "verification merge" };
        _producer.Start();
    }

    /// <summary>The next record in key order, or null at the end; errors of the merge thread surface here.</summary>
    public RecordVerdict? Next()
    {
        while (_current is null || _position >= _current.Count)
        {
            if (_current is not null)
            {
                _empty.Writer.TryWrite(_current);
                _current = null;
            }
            if (!WaitToRead())
            {
                return null;
            }
            _full.Reader.TryRead(out _current);
            _position = 0;
        }
        return _current.Records[_position++];
    }

    private bool WaitToRead()
    {
        try
        {
            return _full.Reader.WaitToReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException closed) when (closed.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(closed.InnerException).Throw();
            throw;
        }
    }

    private void Produce(RecordMerger merger)
    {
        try
        {
            var done = false;
            while (!done)
            {
                var batch = TakeEmpty();
                batch.Count = 0;
                while (batch.Count < batch.Records.Length && !(done = !merger.Next(batch.Records[batch.Count])))
                {
                    batch.Count++;
                }
                if (batch.Count > 0 && !_full.Writer.WriteAsync(batch, _stop.Token).AsTask().Wait(Timeout.Infinite, _stop.Token))
                {
                    return;
                }
            }
            _full.Writer.TryComplete();
        }
        catch (OperationCanceledException)
        {
            _full.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _full.Writer.TryComplete(e);
        }
    }

    private Batch TakeEmpty()
    {
        if (_empty.Reader.TryRead(out var batch))
        {
            return batch;
        }
        return _empty.Reader.ReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _producer.Join();
        _stop.Dispose();
    }
}
