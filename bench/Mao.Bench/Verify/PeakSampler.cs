using System.Diagnostics;

namespace Mao.Bench.Verify;

/// <summary>Samples the managed heap size and the process working set every 10 ms and keeps the peaks.</summary>
internal sealed class PeakSampler : IDisposable
{
    private readonly Thread _thread;
    private readonly Process _process = Process.GetCurrentProcess();
    private volatile bool _stop;
    private long _peakHeap;
    private long _peakWorkingSet;

    public PeakSampler()
    {
        _thread = new Thread(Sample) { IsBackground = true, Name = "peak sampler" };
        _thread.Start();
    }

    private void Sample()
    {
        while (!_stop)
        {
            _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(forceFullCollection: false));
            _process.Refresh();
            _peakWorkingSet = Math.Max(_peakWorkingSet, _process.WorkingSet64);
            Thread.Sleep(10);
        }
    }

    public (long PeakHeap, long PeakWorkingSet) Stop()
    {
        _stop = true;
        _thread.Join();
        return (_peakHeap, _peakWorkingSet);
    }

    public void Dispose()
    {
        if (!_stop)
        {
            Stop();
        }
        _process.Dispose();
    }
}
