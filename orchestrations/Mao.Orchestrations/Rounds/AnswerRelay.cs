using Mao.Federation.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mao.Orchestrations.Rounds;

/// <summary>
/// The announcing site's ear: watches every answer in the registry (those already there, then each new one) and
/// hands it to <see cref="AnswerIntake"/>, which raises it to this site's running round if there is one. After a
/// restart it reads the answers again; the round's answer book ignores repeats. A broken watch is opened again.
/// </summary>
public sealed class AnswerRelay(FederationRegistry registry, AnswerIntake intake, ILogger<AnswerRelay> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in registry.WatchAllAnswersAsync(stoppingToken))
                {
                    var result = await intake.DeliverAsync(change, stoppingToken);
                    switch (result.Status)
                    {
                        case IntakeStatus.Rejected:
                            log.LogWarning("{Message}", result.Message);
                            break;
                        case IntakeStatus.Delivered or IntakeStatus.Late:
                            log.LogInformation("{Message}", result.Message);
                            break;
                    }
                    delay = TimeSpan.FromMilliseconds(200);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // etcd or storage unreachable, a compacted revision: read and watch again after a pause.
                log.LogWarning("Answer watch interrupted ({Error}); watching again in {Delay} ms", e.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }
}
