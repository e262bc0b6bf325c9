using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Mao.Cli.Commands.Demo;

/// <summary>
/// One site of the demo federation: `mao site run` as its own process, with its own task hub, blob container,
/// table, data folder (signing key, operator key, dataset clones) and git remote; output in &lt;data&gt;/site.log.
/// </summary>
internal sealed class DemoSite : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private DemoSite(string site, string dataDirectory, Uri api, Process process, StreamWriter log)
    {
        Site = site;
        DataDirectory = dataDirectory;
        Api = api;
        _process = process;
        _log = log;
    }

    public string Site { get; }

    public string DataDirectory { get; }

    public Uri Api { get; }

    public string LogPath => Path.Combine(DataDirectory, "site.log");

    public static async Task<DemoSite> StartAsync(string site, string dataDirectory, IDictionary<string, string> environment, CancellationToken ct)
    {
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var api = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(DemoSite).Assembly.Location, "site", "run", "--no-scheduler" })
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        info.Environment["MAO_SITE_ID"] = site;
        info.Environment["MAO_DATA_DIR"] = dataDirectory;
        info.Environment["MAO_API_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["MAO_GRPC_PORT"] = "0";
        info.Environment["MAO_PUBLIC_ENDPOINT"] = api.ToString();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start the site host of {site}");
        var log = new StreamWriter(Path.Combine(dataDirectory, "site.log"), append: true) { AutoFlush = true };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (log)
            {
                log.WriteLine(line);
            }
            if (line.StartsWith($"site {site} ready", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var demoSite = new DemoSite(site, dataDirectory, api, process, log);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await ready.Task.WaitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            await demoSite.DisposeAsync();
            throw new InvalidOperationException($"the site host of {site} did not start within 90 s; see {demoSite.LogPath}");
        }
        return demoSite;
    }

    /// <summary>SIGTERM, then up to 20 s for a clean stop (leases released, site card revoked); SIGKILL after that.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

#pragma warning disable SYSLIB1054 // LibraryImport's generated code needs unsafe blocks, which this project does not allow for one call
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
