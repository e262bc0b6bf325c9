using Mao.Core.Model;
using Mao.Tools.Gateway;

namespace Mao.Functions;

/// <summary>
/// The app settings the functions read (environment variables; Application settings in Azure,
/// local.settings.json under `func start`): MAO_SITE_ID, MAO_DATA_DIR, MAO_PEERS, MAO_ANSWER_WINDOW_SECONDS,
/// MAO_GATEWAY_MAX_SNAPSHOT_BYTES.
/// The task hub (MAO_TASK_HUB) and storage (AzureWebJobsStorage) are read by the Durable extension via host.json.
/// </summary>
public sealed record FunctionSettings(string SiteId, string DataDirectory, IReadOnlyList<string> Peers, TimeSpan AnswerWindow)
{
    /// <summary>Limits of the gateway for external tools.</summary>
    public GatewayOptions Gateway { get; init; } = new();

    public static FunctionSettings FromEnvironment()
    {
        const string where = "app settings";
        var site = Identifier.Validate(Environment.GetEnvironmentVariable("MAO_SITE_ID") ?? "azure", "MAO_SITE_ID", where);
        // On Azure, HOME is the app's persistent file share; elsewhere fall back to the temp folder.
        var data = Environment.GetEnvironmentVariable("MAO_DATA_DIR")
            ?? Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? Path.GetTempPath(), "mao-site");
        var peers = (Environment.GetEnvironmentVariable("MAO_PEERS") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var peer in peers)
        {
            Identifier.Validate(peer, "peer in MAO_PEERS", where);
        }
        var windowText = Environment.GetEnvironmentVariable("MAO_ANSWER_WINDOW_SECONDS");
        var window = windowText is null ? 300
            : int.TryParse(windowText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 ? seconds
            : throw new Mao.Core.MaoFormatException(where, $"MAO_ANSWER_WINDOW_SECONDS '{windowText}' is not a whole number of seconds");
        var gateway = new GatewayOptions();
        if (Environment.GetEnvironmentVariable("MAO_GATEWAY_MAX_SNAPSHOT_BYTES") is { } limitText)
        {
            gateway.MaxSnapshotBytes = long.TryParse(limitText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit > 0
                ? limit : throw new Mao.Core.MaoFormatException(where, $"MAO_GATEWAY_MAX_SNAPSHOT_BYTES '{limitText}' is not a positive number of bytes");
        }
        return new FunctionSettings(site, data, peers, TimeSpan.FromSeconds(window)) { Gateway = gateway };
    }
}
