using Mao.Orchestrations.Api;
using Mao.Orchestrations.Rounds;
using Mao.Orchestrations.Scheduling;
using Mao.Orchestrations.ToolRuns;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Functions;

/// <summary>
/// The isolated worker gets its DurableTaskClient as a binding, never from DI: the front doors the site host keeps as
/// singletons are made here per invocation, over the trigger's client and the app's services. Every client passing
/// through is offered to the <see cref="DurableClientHolder"/>, so the answer watch starts with the first invocation.
/// </summary>
public sealed class FrontDoors(IServiceProvider services, DurableClientHolder holder)
{
    public RoundOperations Rounds(DurableTaskClient client) =>
        ActivatorUtilities.CreateInstance<RoundOperations>(services, Held(client), Starter(client), Intake(client));

    public SnapshotSubmissions Submissions(DurableTaskClient client) =>
        ActivatorUtilities.CreateInstance<SnapshotSubmissions>(services, Starter(client));

    public ScheduledRounds Scheduled(DurableTaskClient client) =>
        ActivatorUtilities.CreateInstance<ScheduledRounds>(services, Starter(client));

    public AnswerIntake Intake(DurableTaskClient client) => ActivatorUtilities.CreateInstance<AnswerIntake>(services, Held(client));

    /// <summary>The tool-run starter: what the timers call, as the site host's scheduler does (one run per tool and period).</summary>
    public ToolRunStarter RunStarter(DurableTaskClient client) => ActivatorUtilities.CreateInstance<ToolRunStarter>(services, Held(client));

    public ToolRunOperations Runs(DurableTaskClient client) =>
        ActivatorUtilities.CreateInstance<ToolRunOperations>(services, Held(client), RunStarter(client));

    /// <summary>The tool run's last activity keeps the snapshot and starts its round, so it needs the client too.</summary>
    public KeepToolRunActivity KeepRun(DurableTaskClient client) => ActivatorUtilities.CreateInstance<KeepToolRunActivity>(services, Starter(client));

    private RoundStarter Starter(DurableTaskClient client) => ActivatorUtilities.CreateInstance<RoundStarter>(services, Held(client));

    private DurableTaskClient Held(DurableTaskClient client)
    {
        holder.Offer(client);
        return client;
    }
}
