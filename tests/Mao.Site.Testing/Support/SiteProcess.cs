using Mao.Testing;

namespace Mao.Site.Tests.Support;

/// <summary>
/// `dotnet mao.dll site run --no-scheduler` (the CLI built beside the tests) as a separate process, configured only
/// through MAO_* variables as an operator would, so it can be SIGKILLed like a crashed site and started again.
/// </summary>
public sealed class SiteProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ServiceProcess _process;

    private SiteProcess(string site, ServiceProcess process)
    {
        Site = site;
        _process = process;
    }

    public string Site { get; }

    public int Pid => _process.Pid;

    public bool HasExited => _process.HasExited;

    public string LogPath => _process.LogPath;

    /// <summary>
    /// Starts the host and waits for its "site &lt;id&gt; ready" line (API bound, site card in etcd); with
    /// <paramref name="scheduler"/> its timer jobs run (without, `--no-scheduler`).
    /// </summary>
    public static async Task<SiteProcess> StartAsync(string site, IDictionary<string, string> environment, string logPath, CancellationToken ct,
        bool scheduler = false)
    {
        var mao = Path.Combine(AppContext.BaseDirectory, "mao.dll");
        string[] arguments = scheduler ? [mao, "site", "run"] : [mao, "site", "run", "--no-scheduler"];
        var process = new SiteProcess(site, ServiceProcess.Start("dotnet", arguments, logPath, environment));
        try
        {
            await process.WaitReadyAsync(ct);
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var ready = $"site {Site} ready";
        while (!_process.LogTail(400).Contains(ready, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"site host {Site} did not get ready within {StartTimeout.TotalSeconds} s (exited: {_process.HasExited}):\n{LogTail()}");
            }
            await Task.Delay(100, ct);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks run, leases stay taken until they expire, the site card lingers until its TTL.</summary>
    public void Kill() => _process.Kill();

    public string LogTail(int lines = 40) => _process.LogTail(lines);

    public void Dispose() => _process.Dispose();
}
