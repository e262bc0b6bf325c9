using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Rounds;
using Mao.Site.Hosting;
using Mao.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Support;

/// <summary>
/// A federation of in-process site hosts on the shared Azurite and etcd, each with its own task hub, container,
/// table, data folder, signing key and git remote: what separate site processes have, without process start-up.
/// </summary>
public sealed class TestFederation(AzuriteFixture azurite, EtcdFixture etcd) : IAsyncDisposable
{
    private readonly TempFolder _root = new("mao-federation");
    private readonly Dictionary<string, RunningSite> _sites = new(StringComparer.Ordinal);

    public string Run { get; } = TestSites.UniqueRun();

    public string Root => _root.Path;

    public RunningSite this[string site] => _sites[site];

    public SiteOptions Options(string site) => TestSites.Options(azurite, etcd, _root.Path, Run, site);

    public async Task StartAsync(CancellationToken ct, params string[] sites)
    {
        foreach (var site in sites)
        {
            await StartAsync(Options(site), ct);
        }
    }

    public async Task<RunningSite> StartAsync(SiteOptions options, CancellationToken ct)
    {
        var running = await TestSites.StartAsync(options, ct);
        _sites[options.SiteId] = running;
        return running;
    }

    public async Task StopAsync(string site)
    {
        await _sites[site].DisposeAsync();
        _sites.Remove(site);
    }

    /// <summary>Keeps a snapshot at a site as its tool run does (its own library: blob + table, git) and returns the pointer.</summary>
    public Task<SnapshotPointer> KeepAsync(string site, Snapshot snapshot, CancellationToken ct) =>
        _sites[site].Services.GetRequiredService<ISnapshotLibrary>().KeepAsync(snapshot, ct);

    /// <summary>POST /api/rounds with the site's operator key.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> StartRoundAsync(string site, StartRoundBody body, CancellationToken ct)
    {
        using var http = Http(site);
        http.DefaultRequestHeaders.Add(ApiKeys.Header, SiteIdentity.ApiKey(_sites[site].Options.Federation));
        using var response = await http.PostAsJsonAsync("api/rounds", body, MaoJson.Options, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Waits for the round's orchestration on the announcing site and returns its result.</summary>
    public async Task<RoundResult> WaitRoundAsync(string site, string tool, string round, CancellationToken ct)
    {
        var instance = await _sites[site].Client.WaitForInstanceCompletionAsync(RoundInstance.Id(tool, round), getInputsAndOutputs: true, ct);
        Assert.True(instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            $"round {tool}/{round} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage ?? instance.SerializedOutput}");
        return instance.ReadOutputAs<RoundResult>()!;
    }

    public HttpClient Http(string site) => new() { BaseAddress = _sites[site].ApiAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        foreach (var site in _sites.Values)
        {
            await site.DisposeAsync();
        }
        _root.Dispose();
    }
}
