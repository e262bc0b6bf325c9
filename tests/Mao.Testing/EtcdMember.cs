namespace Mao.Testing;

/// <summary>One real etcd process on loopback: its ports, data folder and the flags to (re)start it.</summary>
public sealed class EtcdMember : IDisposable
{
    private readonly string _etcd;
    private readonly string _initialCluster;
    private ServiceProcess? _process;

    internal EtcdMember(string etcd, string name, string dataRoot, string initialCluster, int clientPort, int peerPort)
    {
        _etcd = etcd;
        Name = name;
        DataDir = Path.Combine(dataRoot, name);
        _initialCluster = initialCluster;
        ClientPort = clientPort;
        PeerPort = peerPort;
    }

    public string Name { get; }
    public string DataDir { get; }
    public int ClientPort { get; }
    public int PeerPort { get; }
    public string ClientUrl => $"http://127.0.0.1:{ClientPort}";
    public string PeerUrl => $"http://127.0.0.1:{PeerPort}";
    public bool IsRunning => _process is { HasExited: false };

    public static string ClusterSpec(IEnumerable<(string Name, int PeerPort)> members) =>
        string.Join(',', members.Select(m => $"{m.Name}=http://127.0.0.1:{m.PeerPort}"));

    /// <summary>Starts the process; with an existing data folder etcd rejoins with its old identity.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            return;
        }
        _process = ServiceProcess.Start(_etcd,
        [
            "--name", Name, "--data-dir", DataDir,
            "--listen-client-urls", ClientUrl, "--advertise-client-urls", ClientUrl,
            "--listen-peer-urls", PeerUrl, "--initial-advertise-peer-urls", PeerUrl,
            "--initial-cluster", _initialCluster, "--initial-cluster-state", "new",
            "--initial-cluster-token", "mao-test",
            // Short timings so elections after a kill settle in about a second.
            "--heartbeat-interval", "50", "--election-timeout", "500",
        ], DataDir + ".log");
    }

    /// <summary>SIGKILL: the member vanishes without leaving the cluster, as in a crash.</summary>
    public void Kill() => _process?.Kill();

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await http.GetStringAsync($"{ClientUrl}/health");
                if (last.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "health check timed out";
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"etcd member {Name} not healthy within {timeout.TotalSeconds} s ({last}). {_process?.LogTail()}");
    }

    public void Dispose() => _process?.Dispose();
}
