using Mao.Site.Hosting;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Integration;

/// <summary>A host stopped right after it started must stop cleanly (it once crashed the process from the sidecar's stop handler).</summary>
[Collection(FederationCollection.Name)]
public sealed class HostStartStopTests(AzuriteFixture azurite, EtcdFixture etcd) : IDisposable
{
    private readonly TempFolder _data = new("mao-startstop");

    [Fact]
    public async Task StartThenDisposeAtOnce_ThreeTimes_StopsCleanly()
    {
        using var timeout = TestSites.Timeout();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var site = await TestSites.StartAsync(TestSites.Options(azurite, etcd, _data.Path, TestSites.UniqueRun(), $"site-{attempt}"), timeout.Token);
            await site.DisposeAsync();
        }
        // Reaching this line at all is the point: the crash took the whole test process down.
        Assert.False(timeout.IsCancellationRequested);
    }

    public void Dispose() => _data.Dispose();
}
