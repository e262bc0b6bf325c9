using Mao.Federation.Configuration;
using Mao.Orchestrations.ToolRuns;
using Mao.Tools.Manifests;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Mao.Functions;

/// <summary>
/// One timer per built-in tool runner, the Functions side of the site host's tool jobs (<see cref="ToolSchedules"/>).
/// The schedule is the app setting MAO_SCHEDULE_&lt;TOOL&gt; (<c>%...%</c>): Bicep sets it to the manifest's schedule or
/// the site's override; a tool switched off keeps a valid expression and gets <c>AzureWebJobs.&lt;function&gt;.Disabled</c>.
/// Each firing starts the tool's run for the day through <see cref="ToolRunStarter"/>, as the site host does: one run
/// per tool and period, however often it fires. RunOnStartup stays false; a missed occurrence (app down or scaled to
/// zero) is run once, past due, by the Functions schedule monitor, not once per miss.
/// </summary>
public sealed class ToolRunTimers(FrontDoors doors, FederationSettings settings, TimeProvider clock, ILogger<ToolRunTimers> log)
{
    public const string AwsSar = "ToolRunAwsSar";
    public const string ArtifactHubHelm = "ToolRunArtifactHubHelm";
    public const string DockerHubTags = "ToolRunDockerHubTags";
    public const string DockerfileLint = "ToolRunDockerfileLint";

    // Attribute arguments must be constants: ToolSchedules.Variable(tool) between '%', checked by a test.
    public const string AwsSarSchedule = "%MAO_SCHEDULE_AWS_SAR%";
    public const string ArtifactHubHelmSchedule = "%MAO_SCHEDULE_ARTIFACTHUB_HELM%";
    public const string DockerHubTagsSchedule = "%MAO_SCHEDULE_DOCKERHUB_TAGS%";
    public const string DockerfileLintSchedule = "%MAO_SCHEDULE_DOCKERFILE_LINT%";

    /// <summary>The timer function of each tool with a built-in runner (<see cref="ToolRunServices.Runnable"/>).</summary>
    public static readonly IReadOnlyDictionary<string, string> FunctionOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ToolManifests.AwsSar.Name] = AwsSar,
        [ToolManifests.ArtifactHubHelm.Name] = ArtifactHubHelm,
        [ToolManifests.DockerHubTags.Name] = DockerHubTags,
        [ToolManifests.DockerfileLint.Name] = DockerfileLint,
    };

    /// <summary>The app setting that switches a tool's timer off (the Functions host reads it when it starts).</summary>
    public static string DisabledSetting(string function) => $"AzureWebJobs.{function}.Disabled";

    [Function(AwsSar)]
    public Task RunAwsSarAsync([TimerTrigger(AwsSarSchedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        StartAsync(ToolManifests.AwsSar.Name, timer, client, cancellationToken);

    [Function(ArtifactHubHelm)]
    public Task RunArtifactHubHelmAsync([TimerTrigger(ArtifactHubHelmSchedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        StartAsync(ToolManifests.ArtifactHubHelm.Name, timer, client, cancellationToken);

    [Function(DockerHubTags)]
    public Task RunDockerHubTagsAsync([TimerTrigger(DockerHubTagsSchedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        StartAsync(ToolManifests.DockerHubTags.Name, timer, client, cancellationToken);

    [Function(DockerfileLint)]
    public Task RunDockerfileLintAsync([TimerTrigger(DockerfileLintSchedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        StartAsync(ToolManifests.DockerfileLint.Name, timer, client, cancellationToken);

    /// <returns>What the start did, or null when this site does not run the tool (not in MAO_TOOLS).</returns>
    public async Task<RunStartOutcome?> StartAsync(string tool, TimerInfo timer, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!settings.Tools.Contains(tool, StringComparer.Ordinal))
        {
            log.LogInformation("Tool run timer for {Tool}: not in MAO_TOOLS, nothing to run", tool);
            return null;
        }
        // The run observes now: a past-due firing after the app was down serves the missed occurrence once, for today.
        var outcome = await doors.RunStarter(client).StartAsync(tool, clock.GetUtcNow(), cancellationToken);
        log.LogInformation("Tool run {Tool} (past due: {PastDue}): {Outcome}", tool, timer.IsPastDue, outcome);
        return outcome;
    }
}
