using System.Text.Json;
using Mao.Functions;
using Mao.Orchestrations.Activities;
using Mao.Orchestrations.Rounds;
using Mao.Orchestrations.Scheduling;
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
    [InlineData(RoundHttpFunctions.PostAnswer, "post", "rounds/{roundId}/answers")]
    [InlineData(RoundHttpFunctions.GetRound, "get", "rounds/{roundId}")]
    [InlineData(SnapshotHttpFunctions.SubmitSnapshot, "post", "tools/{tool}/snapshots")]
    public void HttpTrigger_IsListedWithMethodAndTheSiteApisRoute(string name, string method, string route)
    {
        var trigger = Trigger(name, "httpTrigger");
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(Functions.Value[name], b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void SubmitSnapshot_IsAnonymousAtTheHost_TheToolsKeyAuthenticates() =>
        Assert.Equal("Anonymous", Trigger(SnapshotHttpFunctions.SubmitSnapshot, "httpTrigger").GetProperty("authLevel").GetString(), ignoreCase: true);

    [Fact]
    public void TimerTrigger_UsesTheSharedScheduleConstant()
    {
        var trigger = Trigger(Schedules.ConsensusRoundsJob, "timerTrigger");
        Assert.Equal(Schedules.ConsensusRounds, trigger.GetProperty("schedule").GetString());
    }

    [Fact]
    public void Orchestrator_IsListedUnderTheNameTheWorkerRegisters() =>
        Trigger(nameof(ConsensusRoundOrchestrator), "orchestrationTrigger");

    [Theory]
    [InlineData(nameof(AnnounceRoundActivity))]
    [InlineData(nameof(FetchPeerSnapshotActivity))]
    [InlineData(nameof(VerifyRoundActivity))]
    [InlineData(nameof(PublishGroundTruthActivity))]
    public void Activity_IsListedUnderTheNameTheOrchestratorCalls(string name) => Trigger(name, "activityTrigger");

    [Fact]
    public void Metadata_ListsNoOtherFunctions() => Assert.Equal(10, Functions.Value.Count);

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
