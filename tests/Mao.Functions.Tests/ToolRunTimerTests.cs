using Mao.Core.Model;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.ToolRuns;
using Mao.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using static Mao.Functions.Tests.TriggerRequests;

namespace Mao.Functions.Tests;

/// <summary>
/// The tool-run timers, called as the Functions host would call them, against a real site host's durable backend (real
/// Azurite and etcd) whose worker runs the tool run: one run per tool and day, however often or late the timer fires.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class ToolRunTimerTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Lint = "dockerfile-lint";

    [Fact]
    public async Task LintTimer_FiredThreeTimes_StartsOneRunForTheDay_WhichCompletes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var ct = timeout.Token;
        var folder = SharedData.Path("fixtures/dockerfiles");
        var dockerfiles = Directory.GetFiles(folder, "*.Dockerfile").Length;
        await using var test = await FunctionsTestSite.StartAsync(azurite, etcd, ct,
            options => options.Federation.Tools = [FunctionsTestSite.Tool, Lint],
            new Dictionary<string, string?> { ["Mao:DockerfileLint:Folder"] = folder });
        var client = test.Site.Client;
        var timers = test.Create<ToolRunTimers>();
        var instance = ToolRunInstance.Id(Lint, Period.Of(DateTimeOffset.UtcNow));

        await timers.RunDockerfileLintAsync(new TimerInfo(), client, ct);
        var started = await client.GetInstanceAsync(instance, ct);
        // Past due (the app was down at the occurrence) while the run is going: the same run, not a second one.
        await timers.RunDockerfileLintAsync(new TimerInfo { IsPastDue = true }, client, ct);
        var done = await client.WaitForInstanceCompletionAsync(instance, getInputsAndOutputs: true, ct);
        await timers.RunDockerfileLintAsync(new TimerInfo(), client, ct);
        var again = await timers.StartAsync(Lint, new TimerInfo(), client, ct);
        var after = await client.GetInstanceAsync(instance, ct);

        Assert.NotNull(started);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<ToolRunResult>()!;
        Assert.Equal(dockerfiles, result.Units);
        Assert.True(result.Records > 0, "the linter found nothing in the recorded Dockerfiles");
        Assert.Equal(RunStartOutcome.Exists, again);
        Assert.Equal(started.CreatedAt, after!.CreatedAt);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, after.RuntimeStatus);
        await RunRoutes_ShowTheRunAndRefuseASecondAsync(test, Period.Of(done.CreatedAt), result, ct);
    }

    /// <summary>POST /api/runs and GET /api/runs/{tool}/{period}: the site host's ToolRunOperations behind both.</summary>
    private static async Task RunRoutes_ShowTheRunAndRefuseASecondAsync(FunctionsTestSite test, string period, ToolRunResult result, CancellationToken ct)
    {
        var routes = test.Create<RunFunctions>();
        var client = test.Site.Client;
        var body = $"{{\"tool\":\"{Lint}\"}}";

        var refused = await routes.StartAsync(Raw(body), client, ct);
        var keyed = Raw(body);
        keyed.Headers[ApiKeys.Header] = SiteIdentity.ApiKey(test.Settings);
        var again = await routes.StartAsync(keyed, client, ct);
        var status = await routes.GetAsync(Get(), Lint, period, client, ct);

        Assert.Equal(401, Status(refused));
        Assert.Equal((200, "exists"), (Status(again), Body(again).GetProperty("outcome").GetString()));
        Assert.Equal(200, Status(status));
        Assert.Equal("Completed", Body(status).GetProperty("runtimeStatus").GetString());
        Assert.Equal(result.ContentId, Body(status).GetProperty("result").GetProperty("contentId").GetString());
        Assert.Equal(404, Status(await routes.GetAsync(Get(), Lint, "2020-01-01", client, ct)));
        Assert.Equal(400, Status(await routes.GetAsync(Get(), "Not A Tool", period, client, ct)));
    }

    /// <summary>A built-in tool this site does not run (not in MAO_TOOLS): its timer fires, nothing starts.</summary>
    [Fact]
    public async Task SarTimer_ToolNotRunHere_StartsNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var test = await FunctionsTestSite.StartAsync(azurite, etcd, ct);
        var timers = test.Create<ToolRunTimers>();

        await timers.RunAwsSarAsync(new TimerInfo(), test.Site.Client, ct);

        Assert.Null(await timers.StartAsync("aws-sar", new TimerInfo(), test.Site.Client, ct));
        Assert.Null(await test.Site.Client.GetInstanceAsync(ToolRunInstance.Id("aws-sar", Period.Of(DateTimeOffset.UtcNow)), ct));
    }

    /// <summary>Attribute schedules are constants: each must be the setting the site host reads for the same tool.</summary>
    [Fact]
    public void ScheduleConstants_AreTheSiteHostsSettingNames()
    {
        var constants = new Dictionary<string, string>
        {
            [ToolRunTimers.AwsSar] = ToolRunTimers.AwsSarSchedule,
            [ToolRunTimers.ArtifactHubHelm] = ToolRunTimers.ArtifactHubHelmSchedule,
            [ToolRunTimers.DockerHubTags] = ToolRunTimers.DockerHubTagsSchedule,
            [ToolRunTimers.DockerfileLint] = ToolRunTimers.DockerfileLintSchedule,
        };

        foreach (var (tool, function) in ToolRunTimers.FunctionOf)
        {
            Assert.Equal($"%{ToolSchedules.Variable(tool)}%", constants[function]);
        }
    }

    /// <summary>
    /// infra/azure/main.bicep sets each timer's schedule and switch: its default schedules are the manifests', and it
    /// names every timer's setting and AzureWebJobs.&lt;function&gt;.Disabled (the ARM output is checked in Mao.Infra.Tests).
    /// </summary>
    [Fact]
    public void BicepTemplate_DefaultsEachTimerToItsManifestSchedule_AndCanSwitchItOff()
    {
        var bicep = File.ReadAllText(RepoPaths.Combine("infra", "azure", "main.bicep"));

        foreach (var (tool, function) in ToolRunTimers.FunctionOf)
        {
            var manifest = Mao.Tools.Manifests.ToolManifests.Find(tool)!;
            Assert.Contains($"  '{tool}': '{manifest.Schedule}'", bicep, StringComparison.Ordinal);
            Assert.Contains($"name: '{ToolSchedules.Variable(tool)}'", bicep, StringComparison.Ordinal);
            Assert.Contains($"name: '{ToolRunTimers.DisabledSetting(function)}'", bicep, StringComparison.Ordinal);
        }
    }
}
