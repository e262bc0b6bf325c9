using Mao.Testing;

namespace Mao.Site.Tests.Support;

/// <summary>
/// `dotnet mao.dll site run ...` as a separate process (the CLI built beside the tests), with tight durable
/// timings through MAO_DURABLE_* variables, so it can be SIGKILLed like a crashed site.
/// </summary>
public sealed class SiteProcess : IDisposable
{
    private readonly ServiceProcess _process;

    private SiteProcess(ServiceProcess process, Uri apiAddress)
    {
        _process = process;
        ApiAddress = apiAddress;
    }

    public Uri ApiAddress { get; }
    public int Pid => _process.Pid;

    public static async Task<SiteProcess> StartAsync(AzuriteFixture azurite, string dataDirectory, string taskHub, string logPath, CancellationToken ct,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var apiPort = FreePorts.Next();
        var mao = Path.Combine(AppContext.BaseDirectory, "mao.dll");
        var process = ServiceProcess.Start("dotnet",
            [mao, "site", "run", "--site", "site-a", "--data", dataDirectory, "--api-port", apiPort.ToString(),
             "--grpc-port", FreePorts.Next().ToString(), "--storage", azurite.ConnectionString, "--no-scheduler"],
            logPath,
            new Dictionary<string, string>
            {
                ["MAO_TASK_HUB"] = taskHub,
                ["MAO_DURABLE_POLL_SECONDS"] = "1",
                ["MAO_DURABLE_VISIBILITY_SECONDS"] = "10",
                ["MAO_DURABLE_LEASE_SECONDS"] = "6",
                ["MAO_DURABLE_PARTITIONS"] = "1",
            }.Concat(environment ?? new Dictionary<string, string>()).ToDictionary());
        var site = new SiteProcess(process, new Uri($"http://127.0.0.1:{apiPort}/"));
        try
        {
            await FreePorts.WaitOpenAsync(apiPort, "mao site run", TimeSpan.FromSeconds(45), () => process.LogTail());
            return site;
        }
        catch
        {
            site.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown hooks run, leases stay taken until they expire.</summary>
    public void Kill() => _process.Kill();

    public string LogTail() => _process.LogTail();

    public void Dispose() => _process.Dispose();
}
