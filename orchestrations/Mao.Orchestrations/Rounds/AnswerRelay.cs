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
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RelayAsync(registry, intake, log, stoppingToken);

    /// <summary>The watch loop itself, also run by the Functions app once a trigger has handed it a DurableTaskClient.</summary>
    public static Task RelayAsync(FederationRegistry registry, AnswerIntake intake, ILogger log, CancellationToken stoppingToken) =>
        ResilientWatch.RunAsync("Answer", registry.WatchAllAnswersAsync,
            async (change, ct) => Log(log, await intake.DeliverAsync(change, ct)),
            (TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)), log, stoppingToken);

    /// <summary>Refusals as warnings, deliveries as information; answers to other sites' rounds are not worth a line.</summary>
    public static void Log(ILogger log, IntakeResult result)
    {
        switch (result.Status)
        {
            case IntakeStatus.Rejected:
                log.LogWarning("{Message}", result.Message);
                break;
            case IntakeStatus.Delivered or IntakeStatus.Late:
                log.LogInformation("{Message}", result.Message);
                break;
        }
    }
}
