using System.Diagnostics;
using Mao.Federation.Registry;
using Mao.Federation.Tests.Registry;
using Mao.Testing;

namespace Mao.Federation.Tests.Faults;

public sealed class EtcdUnreachableTests
{
    [Fact]
    public async Task NothingListening_CallFailsWithinDeadlineNamingTheEndpoints()
    {
        var port = FreePorts.Next();
        using var site = new TestSite($"http://127.0.0.1:{port}", "site-a", TestSite.NewRoot(), TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RegistryUnavailableException>(() => site.Registry.GetToolAsync("dockerhub-arch", TestSnapshots.Timeout(30)));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task NothingListening_WriteReportsUnknownOutcomeNotSuccess()
    {
        var port = FreePorts.Next();
        using var site = new TestSite($"http://127.0.0.1:{port}", "site-a", TestSite.NewRoot(), TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => site.Etcd.PutAsync(site.Etcd.Keys.Tool("t"), "{}", 0, TestSnapshots.Timeout(30)));

        Assert.True(error is RegistryWriteUnknownException or RegistryUnavailableException, error.GetType().Name + ": " + error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:2379")]
    [InlineData("http://a:1,https://b:2")]
    [InlineData("ftp://a:1")]
    public void EtcdOptions_BadEndpoints_ClearError(string endpoints) =>
        Assert.Throws<ArgumentException>(() => new EtcdOptions { Endpoints = endpoints }.Validate());
}
