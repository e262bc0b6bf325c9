using Mao.Federation.Registry;
using Mao.Orchestrations.Rounds;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mao.Functions;

/// <summary>
/// The site host's <see cref="AnswerRelay"/> for the Functions app: the same etcd watch and delivery, started once a
/// trigger has handed over a DurableTaskClient (<see cref="DurableClientHolder"/>). Until then, and while the app is
/// scaled to zero, the catch-up timer (<see cref="CatchUpFunctions"/>) delivers what the watch did not.
/// </summary>
public sealed class ClientAnswerRelay(DurableClientHolder holder, FrontDoors doors, FederationRegistry registry, ILogger<ClientAnswerRelay> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Microsoft.DurableTask.Client.DurableTaskClient client;
        try
        {
            client = await holder.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        log.LogInformation("A trigger handed over a durable client: watching answers");
        await AnswerRelay.RelayAsync(registry, doors.Intake(client), log, stoppingToken);
    }
}
