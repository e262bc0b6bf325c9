using System.Globalization;
using Mao.Core;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Tools.Gateway;
using Microsoft.Extensions.Configuration;

namespace Mao.Site.Hosting;

/// <summary>
/// Everything a site host needs to know. Read from configuration (section "Mao", or the MAO_* environment
/// variables) and then overridden by command-line flags. <see cref="Validate"/> names the first bad setting.
/// </summary>
public sealed class SiteOptions
{
    /// <summary>Who the site is and how it reaches the federation: the settings the Functions app reads too.</summary>
    public FederationSettings Federation { get; set; } = new();

    public string SiteId { get => Federation.SiteId; set => Federation.SiteId = value; }

    public string DataDirectory { get => Federation.DataDirectory; set => Federation.DataDirectory = value; }

    public string? StorageConnectionString { get => Federation.StorageConnectionString; set => Federation.StorageConnectionString = value; }

    public IReadOnlyList<string> Peers { get => Federation.Peers; set => Federation.Peers = value; }

    public TimeSpan AnswerWindow { get => Federation.AnswerWindow; set => Federation.AnswerWindow = value; }

    /// <summary>MAO_API_ADDRESS: the address the HTTP API listens on (127.0.0.1 by default; 0.0.0.0 to reach it from other machines).</summary>
    public string ApiAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTP/1.1 API port; 0 picks a free port.</summary>
    public int ApiPort { get; set; } = 7400;

    /// <summary>
    /// Obsolete and ignored (MAO_GRPC_PORT, --grpc-port): the sidecar now listens on a Unix domain socket only the site's
    /// user can open (<see cref="SidecarSocket"/>). Still read and range-checked so existing scripts keep starting.
    /// </summary>
    public int GrpcPort { get; set; } = 7401;

    /// <summary>Task hub name; by default derived from the site id (see <see cref="EffectiveTaskHub"/>).</summary>
    public string? TaskHub { get; set; }

    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>
    /// Whether the etcd watch raises peers' answers to this site's rounds (on by default). Off, answers arrive only by
    /// the HTTP answer route or a catch-up: how tests play a host that was not running when the answer was written.
    /// </summary>
    public bool AnswerRelayEnabled { get; set; } = true;

    public DurableTuning Durable { get; set; } = new();

    /// <summary>Limits of POST /api/tools/{tool}/snapshots (Mao:Gateway:MaxSnapshotBytes, MAO_GATEWAY_MAX_SNAPSHOT_BYTES).</summary>
    public GatewayOptions Gateway { get; set; } = new();

    /// <summary>
    /// Further settings the host reads as configuration (on top of the environment): tool endpoints (Mao:Sar:BaseUrl ...),
    /// per-site schedules (Mao:Schedules:&lt;tool&gt;, MAO_SCHEDULE_&lt;TOOL&gt;). FromConfiguration keeps its source here.
    /// </summary>
    public IConfiguration? Configuration { get; set; }

    /// <summary>Azure Storage task hubs: 3-45 letters or digits, starting with a letter.</summary>
    public string EffectiveTaskHub => TaskHub ?? DefaultTaskHub(SiteId);

    /// <summary>"mao" and the site id's letters and digits, at most 45 characters (Azure Storage's limit).</summary>
    public static string DefaultTaskHub(string siteId)
    {
        var name = "mao" + new string(siteId.Where(char.IsAsciiLetterOrDigit).ToArray());
        return name.Length > 45 ? name[..45] : name;
    }

    public static SiteOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new SiteOptions { Federation = FederationSettings.FromConfiguration(configuration), Configuration = configuration };
        string? Get(string key, string environment) => configuration[$"Mao:{key}"] ?? configuration[environment];
        options.ApiAddress = Get("Api:Address", "MAO_API_ADDRESS") ?? options.ApiAddress;
        options.ApiPort = Int(Get("Api:Port", "MAO_API_PORT"), "MAO_API_PORT") ?? options.ApiPort;
        options.GrpcPort = Int(Get("Grpc:Port", "MAO_GRPC_PORT"), "MAO_GRPC_PORT") ?? options.GrpcPort;
        options.TaskHub = Get("Storage:TaskHub", "MAO_TASK_HUB");
        if (Get("Scheduler:Enabled", "MAO_SCHEDULER") is { } scheduler)
        {
            options.SchedulerEnabled = !scheduler.Equals("false", StringComparison.OrdinalIgnoreCase) && scheduler != "0";
        }
        options.Durable = DurableTuning.FromConfiguration(Get);
        if (Get("Gateway:MaxSnapshotBytes", "MAO_GATEWAY_MAX_SNAPSHOT_BYTES") is { } maxSnapshot)
        {
            options.Gateway.MaxSnapshotBytes = long.TryParse(maxSnapshot, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes)
                ? bytes : throw new MaoFormatException("site options", $"MAO_GATEWAY_MAX_SNAPSHOT_BYTES '{maxSnapshot}' is not a whole number");
        }
        return options;
    }

    public void Validate()
    {
        const string where = "site options";
        Federation.Validate();
        if (!System.Net.IPAddress.TryParse(ApiAddress, out _))
        {
            throw new MaoFormatException(where, $"API address '{ApiAddress}' is not an IP address (MAO_API_ADDRESS)");
        }
        Port(ApiPort, "API port (--api-port, MAO_API_PORT)");
        Port(GrpcPort, "gRPC port (--grpc-port, MAO_GRPC_PORT; obsolete, ignored)");
        var hub = EffectiveTaskHub;
        if (hub.Length is < 3 or > 45 || !char.IsAsciiLetter(hub[0]) || !hub.All(char.IsAsciiLetterOrDigit))
        {
            throw new MaoFormatException(where, $"task hub '{hub}' must be 3-45 letters or digits starting with a letter (MAO_TASK_HUB)");
        }
        Durable.Validate(where);
        if (Gateway.MaxSnapshotBytes <= 0)
        {
            throw new MaoFormatException(where, $"gateway snapshot limit {Gateway.MaxSnapshotBytes} must be positive (MAO_GATEWAY_MAX_SNAPSHOT_BYTES)");
        }
    }

    private static void Port(int port, string what)
    {
        if (port is < 0 or > 65535)
        {
            throw new MaoFormatException("site options", $"{what} {port} is not a TCP port (0-65535; 0 picks a free one)");
        }
    }

    internal static int? Int(string? text, string key) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new MaoFormatException("site options", $"{key} '{text}' is not a whole number");
}
