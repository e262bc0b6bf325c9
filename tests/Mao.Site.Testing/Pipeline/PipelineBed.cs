using System.Text.Json;
using System.Text.Json.Nodes;
using Mao.Core.Model;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Hosting;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Mao.Tools.Sar;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;

namespace Mao.Site.Tests.Pipeline;

/// <summary>Sites that run built-in tools against the replay servers: tool endpoints and schedules through configuration.</summary>
public static class PipelineBed
{
    /// <summary>The real SAR catalogue of 2020-02-15 behind the browse endpoint.</summary>
    public static async Task<(ReplayServer Server, int Applications)> SarAsync()
    {
        var server = await ReplayServer.StartAsync();
        return (server, MountSar(server));
    }

    /// <summary>Mounts the SAR catalogue of 2020-02-15 (under Prod/) on a server; returns its applications.</summary>
    public static int MountSar(ReplayServer server)
    {
        var apps = SarCsv.ReadFile(SharedData.Path("data/aws-sar/autocontents-2020-02-15.csv"))
            .Select(a => JsonSerializer.SerializeToNode(a)!).ToList();
        SarReplay.Mount(server, () => apps);
        return apps.Count;
    }

    /// <summary>
    /// Artifact Hub's search with <paramref name="packages"/> packages (recorded shape), each page answered after
    /// <paramref name="delay"/>, so a test can stop a host while units are in flight.
    /// </summary>
    public static async Task<ReplayServer> ArtifactHubAsync(int packages, TimeSpan delay)
    {
        var server = await ReplayServer.StartAsync();
        MountArtifactHub(server, packages, delay);
        return server;
    }

    /// <summary>Mounts <see cref="ArtifactHubAsync"/>'s search route on a server.</summary>
    public static void MountArtifactHub(ReplayServer server, int packages, TimeSpan delay)
    {
        var built = ArtifactHubReplay.BuiltPackages(packages);
        server.Map("GET", ArtifactHubReplay.SearchPath, request =>
        {
            var limit = request.QueryInt("limit", 20);
            var offset = request.QueryInt("offset", 0);
            var page = new JsonObject { ["packages"] = new JsonArray(built.Skip(offset).Take(limit).Select(p => (JsonNode)p.DeepClone()).ToArray()) };
            return ReplayResponse.Json(page.ToJsonString()).WithHeader("Pagination-Total-Count", built.Count.ToString()) with { Delay = delay };
        });
    }

    /// <summary>Docker Hub, its token service and registry over <paramref name="world"/>, and the settings pointing a site at them.</summary>
    public static async Task<(ReplayServer Server, Dictionary<string, string?> Settings)> DockerHubAsync(HubWorld world, int pageSize)
    {
        var server = await ReplayServer.StartAsync();
        return (server, MountDockerHub(server, world, pageSize));
    }

    /// <summary>Mounts Docker Hub, its token service and registry on a server; returns the settings pointing a site at them.</summary>
    public static Dictionary<string, string?> MountDockerHub(ReplayServer server, HubWorld world, int pageSize)
    {
        DockerHubReplay.Mount(server, world);
        var settings = new Dictionary<string, string?>
        {
            ["Mao:DockerHub:HubBaseUrl"] = server.BaseUrl.ToString(),
            ["Mao:DockerHub:RegistryBaseUrl"] = server.BaseUrl.ToString(),
            ["Mao:DockerHub:AuthBaseUrl"] = server.BaseUrl.ToString(),
            ["Mao:DockerHub:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mao:DockerHub:UnitPageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var i = 0;
        foreach (var ns in world.Namespaces.Keys)
        {
            settings[$"Mao:DockerHub:Namespaces:{i++}"] = ns;
        }
        return settings;
    }

    /// <summary>A site of the federation running <paramref name="tool"/>, its crawler pointed at the replay server.</summary>
    public static SiteOptions Site(TestFederation federation, string site, string tool, ReplayServer server, string? schedule,
        IReadOnlyDictionary<string, string?>? extra = null)
    {
        var options = federation.Options(site);
        options.Federation.Tools = [tool];
        options.SchedulerEnabled = schedule is not null;
        var settings = new Dictionary<string, string?>
        {
            ["Mao:Sar:BaseUrl"] = server.Url("Prod").ToString(),
            ["Mao:ArtifactHub:BaseUrl"] = server.BaseUrl.ToString(),
            ["Mao:Http:RetryBaseDelay"] = "00:00:00.2",
        };
        if (schedule is not null)
        {
            settings[ToolSchedules.Variable(tool)] = schedule;
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        options.Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return options;
    }

    public static string Today => Period.Of(DateTimeOffset.UtcNow);

    /// <summary>Waits for a run (started by the scheduler: it may not exist yet) and returns its result.</summary>
    public static async Task<ToolRunResult> WaitRunAsync(RunningSite site, string tool, string period, CancellationToken ct)
    {
        var id = ToolRunInstance.Id(tool, period);
        while (await site.Client.GetInstanceAsync(id, ct) is null)
        {
            await Task.Delay(250, ct);
        }
        var instance = await site.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct);
        Assert.True(instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            $"run {id} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage ?? instance.SerializedOutput}");
        return instance.ReadOutputAs<ToolRunResult>()!;
    }
}
