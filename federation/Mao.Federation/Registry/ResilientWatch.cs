using Microsoft.Extensions.Logging;

namespace Mao.Federation.Registry;

/// <summary>
/// Runs a registry watch for as long as the host lives: each change is handled in order; when the watch breaks
/// (etcd unreachable, a compacted revision, storage down in a handler) it is opened again after a pause that doubles
/// up to a bound and starts over once a change gets through. Handlers must be idempotent: a reopened watch reads the
/// current values again.
/// </summary>
public static class ResilientWatch
{
    public static async Task RunAsync<T>(
        string what,
        Func<CancellationToken, IAsyncEnumerable<T>> watch,
        Func<T, CancellationToken, Task> handle,
        (TimeSpan First, TimeSpan Max) pause,
        ILogger log,
        CancellationToken stoppingToken,
        TimeProvider? time = null)
    {
        var delay = pause.First;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in watch(stoppingToken))
                {
                    await handle(change, stoppingToken);
                    delay = pause.First;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning("{What} watch interrupted ({Error}); watching again in {Delay} ms", what, e.Message, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, time ?? TimeProvider.System, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, pause.Max.Ticks));
            }
        }
    }
}
