using System.Text.Json;
using Mao.Functions;
using Mao.Orchestrations.Activities;
using Mao.Orchestrations.Rounds;
using Mao.Orchestrations.Scheduling;
using Mao.Orchestrations.ToolRuns;
using Mao.Testing;

namespace Mao.Functions.Tests;

/// <summary>
/// The functions.metadata the Functions SDK generates when building functions/ (what the Functions host reads
/// to index the app) lists every function with the right trigger, schedule and route.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<Dictionary<string, JsonElement[]>> Functions = new(Load);

    [Theory]
    [InlineData(RoundHttpFunctions.StartRound, "post", "rounds")]
    [InlineData(RoundHttpFunctions.PostAnswer, "post", "rounds/{tool}/{round}/answers")]
    [InlineData(RoundHttpFunctions.GetRound, "get", "rounds/{tool}/{round}")]
    [InlineData(SnapshotHttpFunctions.SubmitSnapshot, "post", "tools/{tool}/snapshots")]
    public void HttpTrigger_IsListedWithMethodAndTheSiteApisRoute(string name, string method, string route)
    {
        var trigger = Trigger(name, "httpTrigger");
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(Functions.Value[name], b => b.GetProperty("type").GetString() == "durableClient");
    }

    /// <summary>The reads need no durable client; the site host serves them at the same routes (SiteApi).</summary>
    [Theory]
    [InlineData(SiteReadFunctions.DownloadSnapshot, Site.Api.SiteApi.DownloadRoute)]
    [InlineData(SiteReadFunctions.ListVerified, Site.Api.SiteApi.VerifiedListRoute)]
    [InlineData(SiteReadFunctions.GetVerified, Site.Api.SiteApi.VerifiedRoute)]
    [InlineData(SiteReadFunctions.Health, Site.Api.SiteApi.HealthRoute)]
    [InlineData(InsightFunctions.Series, Site.Api.InsightApi.SeriesRoute)]
    [InlineData(InsightFunctions.Chart, Site.Api.InsightApi.ChartsRoute)]
    [InlineData(InsightFunctions.Alerts, Site.Api.InsightApi.AlertsRoute)]
    [InlineData(InsightFunctions.Artefact, Site.Api.InsightApi.ArtefactsRoute)]
    [InlineData(InsightFunctions.Sites, Site.Api.InsightApi.SitesRoute)]
    [InlineData(InsightFunctions.Notifications, Site.Api.InsightApi.NotificationsRoute)]
    [InlineData(InsightFunctions.Decisions, Site.Api.InsightApi.DecisionsRoute)]
    [InlineData(InsightFunctions.Dashboard, "dashboard/{file?}")]
    public void ReadTrigger_IsAnAnonymousGetAtTheSiteApisRoute(string name, string route)
    {
        var trigger = Trigger(name, "httpTrigger");
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
    }

    /// <summary>The run list reads the durable client the trigger binds.</summary>
    [Fact]
    public void ListRuns_IsAnAnonymousGetAtTheSiteApisRoute_WithADurableClient()
    {
        var trigger = Trigger(RunFunctions.ListRuns, "httpTrigger");
        Assert.Equal(Site.Api.SiteApi.RunsRoute, trigger.GetProperty("route").GetString());
        Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.Contains(Functions.Value[RunFunctions.ListRuns], b => b.GetProperty("type").GetString() == "durableClient");
    }

    /// <summary>Starting a round changes state: the host's function key, then the operator key. Peers and tools sign or hold their own key.</summary>
    [Theory]
    [InlineData(RoundHttpFunctions.StartRound, "Function")]
    [InlineData(RoundHttpFunctions.PostAnswer, "Anonymous")]
    [InlineData(SnapshotHttpFunctions.SubmitSnapshot, "Anonymous")]
    public void StateChangingTrigger_HasItsAuthLevel(string name, string level) =>
        Assert.Equal(level, Trigger(name, "httpTrigger").GetProperty("authLevel").GetString(), ignoreCase: true);

    [Theory]
    [InlineData(Schedules.ConsensusRoundsJob, Schedules.ConsensusRounds)]
    [InlineData(Schedules.FederationCatchUpJob, Schedules.FederationCatchUp)]
    public void TimerTrigger_UsesTheSharedScheduleConstant(string name, string schedule)
    {
        var trigger = Trigger(name, "timerTrigger");
        Assert.Equal(schedule, trigger.GetProperty("schedule").GetString());
        Assert.Contains(Functions.Value[name], b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void SweepStagingTimer_UsesTheSharedScheduleConstant() =>
        Assert.Equal(Schedules.SweepStaging, Trigger(Schedules.SweepStagingJob, "timerTrigger").GetProperty("schedule").GetString());

    /// <summary>
    /// One timer per built-in tool runner, its schedule the app setting MAO_SCHEDULE_&lt;TOOL&gt; the site host reads too
    /// (Bicep sets it to the manifest's schedule or the site's override), never run on startup: a missed occurrence is
    /// the schedule monitor's single past-due run.
    /// </summary>
    [Fact]
    public void ToolRunTimer_ForEachBuiltInRunner_ReadsItsScheduleSetting()
    {
        Assert.Equal(ToolRunServices.Runnable.Order(StringComparer.Ordinal), ToolRunTimers.FunctionOf.Keys.Order(StringComparer.Ordinal));
        foreach (var (tool, function) in ToolRunTimers.FunctionOf)
        {
            var trigger = Trigger(function, "timerTrigger");
            Assert.Equal($"%{ToolSchedules.Variable(tool)}%", trigger.GetProperty("schedule").GetString());
            Assert.False(trigger.TryGetProperty("runOnStartup", out var onStartup) && onStartup.GetBoolean(), $"{function} runs on startup");
            Assert.Contains(Functions.Value[function], b => b.GetProperty("type").GetString() == "durableClient");
        }
    }

    /// <summary>Starting a run changes state: the host's function key, then the operator key; the status is a read.</summary>
    [Theory]
    [InlineData(RunFunctions.StartRun, "post", Site.Api.SiteApi.RunsRoute, "Function")]
    [InlineData(RunFunctions.GetRun, "get", Site.Api.SiteApi.RunStatusRoute, "Anonymous")]
    public void RunTrigger_IsAtTheSiteApisRoute_WithADurableClient(string name, string method, string route, string level)
    {
        var trigger = Trigger(name, "httpTrigger");
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(level, trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.Contains(Functions.Value[name], b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Theory]
    [InlineData(nameof(ConsensusRoundOrchestrator))]
    [InlineData(nameof(ToolRunOrchestrator))]
    public void Orchestrator_IsListedUnderTheNameTheWorkerRegisters(string name) => Trigger(name, "orchestrationTrigger");

    [Theory]
    [InlineData(nameof(AnnounceRoundActivity))]
    [InlineData(nameof(FetchPeerSnapshotActivity))]
    [InlineData(nameof(VerifyRoundActivity))]
    [InlineData(nameof(PublishGroundTruthActivity))]
    [InlineData(nameof(PlanToolRunActivity))]
    [InlineData(nameof(RunToolUnitActivity))]
    [InlineData(nameof(KeepToolRunActivity))]
    [InlineData(nameof(CarryOverUnitActivity))]
    [InlineData(nameof(ReadRunUnitsActivity))]
    [InlineData(nameof(AppendRunUnitsActivity))]
    [InlineData(nameof(MarkRunKeptActivity))]
    [InlineData(nameof(ForgetFailedUnitsActivity))]
    [InlineData(nameof(CleanUpRunsActivity))]
    public void Activity_IsListedUnderTheNameTheOrchestratorCalls(string name) => Trigger(name, "activityTrigger");

    /// <summary>An activity the orchestrators may call but the Functions app lacks would leave its runs pending forever there.</summary>
    [Fact]
    public void EveryActivityOfTheOrchestrations_IsListed()
    {
        var activities = typeof(ToolRunOrchestrator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(Microsoft.DurableTask.TaskActivity<,>))
            .Select(t => t.Name).ToList();
        Assert.NotEmpty(activities);
        Assert.All(activities, name => Trigger(name, "activityTrigger"));
    }

    /// <summary>Every HTTP route the app serves runs behind the dependency gate (Program.cs), but health and the dashboard's files.</summary>
    [Fact]
    public void EveryHttpTrigger_ButHealthAndDashboard_IsGated()
    {
        var http = Functions.Value.Where(f => f.Value.Any(b => b.GetProperty("type").GetString() == "httpTrigger")).Select(f => f.Key).ToList();
        var gated = http.Where(name => DependencyGate.Applies(name, Functions.Value[name].Where(In).Select(b => b.GetProperty("type").GetString()!))).ToList();

        Assert.Equal(19, http.Count);
        Assert.Equal([InsightFunctions.Dashboard, SiteReadFunctions.Health], http.Except(gated).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Functions.Value.Keys.Except(http), name => DependencyGate.Applies(name, Functions.Value[name].Where(In).Select(b => b.GetProperty("type").GetString()!)));
    }

    [Fact]
    public void Metadata_ListsNoOtherFunctions() => Assert.Equal(42, Functions.Value.Count);

    private static bool In(JsonElement binding) => binding.GetProperty("direction").GetString() == "In";

    private static JsonElement Trigger(string function, string type)
    {
        Assert.True(Functions.Value.TryGetValue(function, out var bindings), $"functions.metadata has no function '{function}'");
        return Assert.Single(bindings, b => b.GetProperty("type").GetString() == type && b.GetProperty("direction").GetString() == "In");
    }

    /// <summary>Reads functions/bin/&lt;configuration&gt;/net10.0/functions.metadata of the same configuration as these tests.</summary>
    private static Dictionary<string, JsonElement[]> Load()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = RepoPaths.Combine("functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build functions/ first");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToArray());
    }
}
