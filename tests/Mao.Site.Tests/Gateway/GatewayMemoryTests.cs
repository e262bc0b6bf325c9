using System.Net;
using System.Text;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Xunit.Abstractions;

namespace Mao.Site.Tests.Gateway;

/// <summary>
/// A large submission must stream to storage, not sit in the host's memory several times over (a 60 MB snapshot once
/// grew the host by ~530 MB). The host runs as its own process (`mao site run`), so its peak resident set (VmHWM,
/// reset through /proc/&lt;pid&gt;/clear_refs before the submission) measures it alone, not the test runner's other tests.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class GatewayMemoryTests(AzuriteFixture azurite, EtcdFixture etcd, ITestOutputHelper output) : IDisposable
{
    private const long MaxGrowthBytes = 200L * 1024 * 1024;
    private readonly TempFolder _folder = new("mao-gateway-memory");

    [Fact]
    public async Task Submit_60MegabyteSnapshot_HostPeakGrowsByLessThan200Megabytes()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        var run = TestSites.UniqueRun();
        var data = _folder.Combine("site-a");
        var key = GatewayClient.Register(data);
        var apiPort = FreePorts.Next();
        using var site = await SiteProcess.StartAsync("site-a", new Dictionary<string, string>
        {
            ["MAO_SITE_ID"] = "site-a",
            ["MAO_DATA_DIR"] = data,
            ["MAO_API_PORT"] = apiPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MAO_STORAGE_CONNECTION"] = azurite.ConnectionString,
            ["MAO_TASK_HUB"] = run + "hub",
            ["MAO_DURABLE_POLL_SECONDS"] = "1",
            ["MAO_DURABLE_PARTITIONS"] = "1",
            ["MAO_ETCD_ENDPOINTS"] = etcd.Endpoints,
            ["MAO_ETCD_KEY_ROOT"] = "/" + run,
            ["MAO_SNAPSHOT_CONTAINER"] = run + "-site-a",
            ["MAO_SNAPSHOT_TABLE"] = run + "sitea",
            ["MAO_GATEWAY_MAX_SNAPSHOT_BYTES"] = (80 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, _folder.Combine("site.log"), ct);
        var apiAddress = new Uri($"http://127.0.0.1:{apiPort}/");
        using var tool = new GatewayClient(apiAddress, TimeSpan.FromMinutes(4));
        // Warm up (JIT, storage clients, the dataset clone) so the measurement sees the submission alone.
        Assert.Equal(HttpStatusCode.Created, (await tool.SubmitAsync(TestSnapshots.Tool, key, TestSnapshots.Make("site-a", ("warm-up", 1, "amd64", [])), ct)).Status);
        var body = Large(60 * 1024 * 1024);

        var before = ResetPeak(site.Pid);
        var submitted = await tool.SubmitAsync(TestSnapshots.Tool, key, body, ct);
        var peak = Status(site.Pid, "VmHWM");

        Assert.True(submitted.Status == HttpStatusCode.Created, $"{submitted.Status}: {submitted.Body}\n{site.LogTail()}");
        Assert.Equal(ContentId.Of(body), submitted.Body.GetProperty("contentId").GetString());
        var growth = peak - before;
        output.WriteLine($"60 MB submission ({body.Length} bytes): resident {before / 1048576.0:F0} MB before, peak {peak / 1048576.0:F0} MB, growth {growth / 1048576.0:F0} MB");
        Assert.True(growth < MaxGrowthBytes, $"the host's peak resident set grew by {growth / 1048576} MB for a {body.Length / 1048576} MB snapshot (bound {MaxGrowthBytes / 1048576} MB)");
    }

    /// <summary>A canonical snapshot of about <paramref name="bytes"/> bytes (what a well-behaved tool sends).</summary>
    private static byte[] Large(int bytes)
    {
        var header = SnapshotJsonLines.ToBytes(TestSnapshots.Make("site-a"));
        using var memory = new MemoryStream(bytes + 4096);
        memory.Write(header);
        for (var i = 0; memory.Length < bytes; i++)
        {
            var tags = string.Join(',', Enumerable.Range(0, 6).Select(t => $"\"release-{i % 97}-{t}\""));
            memory.Write(Encoding.UTF8.GetBytes($"{{\"key\":\"registry.example/library/image-{i:D9}\",\"values\":[{i % 1000}.5,\"{(i % 2 == 0 ? "amd64" : "arm64")}\",[{tags}]]}}\n"));
        }
        var result = memory.ToArray();
        Assert.Equal(ContentId.Of(result), SnapshotJsonLines.Read(result, "generated").ContentId); // canonical indeed
        return result;
    }

    /// <summary>Resets VmHWM to the current resident set (Linux 4.0+: "5" to clear_refs) and returns that.</summary>
    private static long ResetPeak(int pid)
    {
        File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        return Status(pid, "VmHWM");
    }

    private static long Status(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) * 1024;
    }

    public void Dispose() => _folder.Dispose();
}
