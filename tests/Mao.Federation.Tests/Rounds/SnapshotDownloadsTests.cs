using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Rounds;
using Mao.Federation.Tests.Registry;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mao.Federation.Tests.Rounds;

[Collection(RoundsCollection.Name)]
public sealed class SnapshotDownloadsTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(60);

    [Fact]
    public async Task OpenAsync_HeldSnapshotStreamed_BadIdIs400_UnheldIs404()
    {
        await using var a = await RoundSite.StartAsync("site-a", TestSite.NewRoot(), azurite, etcd, _timeout);
        var put = await a.Store.PutAsync(TestSnapshots.Make(site: "site-a"), _timeout);
        var downloads = new SnapshotDownloads(a.Store);

        var held = await downloads.OpenAsync(put.Entry.ContentId, _timeout);
        var bad = await downloads.OpenAsync("../../etc/passwd", _timeout);
        var missing = await downloads.OpenAsync(new string('e', 64), _timeout);

        await using (held.Content)
        {
            Assert.Equal((200, put.Entry.Size, "application/x-ndjson"), (held.Status, held.Length, held.ContentType));
            Assert.Equal(put.Entry.ContentId, Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(held.Content!, _timeout)));
        }
        Assert.Equal(400, bad.Status);
        Assert.Contains("not a snapshot content id", bad.Problem, StringComparison.Ordinal);
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public void AddFederation_ResolvesThePeerSide()
    {
        var settings = new FederationSettings
        {
            SiteId = "site-a",
            StorageConnectionString = azurite.ConnectionString,
            Etcd = new EtcdOptions { Endpoints = etcd.Endpoints, KeyRoot = TestSite.NewRoot() },
            PublicEndpoint = "http://127.0.0.1:1/",
        };
        using var data = new TempFolder("mao-di");
        settings.DataDirectory = data.Path;
        using var provider = new ServiceCollection().AddLogging().AddFederation(settings).BuildServiceProvider();

        Assert.IsType<SiteSnapshotLibrary>(provider.GetRequiredService<ISnapshotLibrary>());
        Assert.IsType<SnapshotFetcher>(provider.GetRequiredService<ISnapshotFetcher>());
        Assert.NotNull(provider.GetRequiredService<SnapshotDownloads>());
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is AnnouncementResponder);
    }
}
