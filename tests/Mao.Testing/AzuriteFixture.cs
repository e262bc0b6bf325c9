using Xunit;

namespace Mao.Testing;

/// <summary>
/// A real Azurite (blob, queue, table) on free loopback ports with its own data folder, for one test class
/// or collection. Started with --skipApiVersionCheck because the Blobs SDK speaks a newer API version.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly TempFolder _data = new("mao-azurite");
    private ServiceProcess? _process;

    public int BlobPort { get; } = FreePorts.Next();
    public int QueuePort { get; } = FreePorts.Next();
    public int TablePort { get; } = FreePorts.Next();

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public Task InitializeAsync() => StartAsync();

    /// <summary>
    /// Stops Azurite gracefully (SIGTERM: it saves its data), for outage tests. Use a dedicated instance for that,
    /// never the collection's shared one.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            await process.TerminateAsync(TimeSpan.FromSeconds(15));
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Starts Azurite (again) on the same ports and data folder, and waits until all three services listen.</summary>
    public async Task StartAsync()
    {
        var azurite = await LocalStackBinaries.AzuriteAsync();
        _process = ServiceProcess.Start(azurite,
        [
            "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
            "--location", _data.Path,
        ], _data.Combine("azurite.log"));
        var timeout = TimeSpan.FromSeconds(30);
        await FreePorts.WaitOpenAsync(BlobPort, "azurite blob", timeout, () => _process.LogTail());
        await FreePorts.WaitOpenAsync(QueuePort, "azurite queue", timeout, () => _process.LogTail());
        await FreePorts.WaitOpenAsync(TablePort, "azurite table", timeout, () => _process.LogTail());
    }

    public Task DisposeAsync()
    {
        _process?.Dispose();
        _data.Dispose();
        return Task.CompletedTask;
    }
}
