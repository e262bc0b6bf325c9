using System.Net;
using System.Text.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Orchestrations.Local;
using Mao.Site.Hosting;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Gateway;

/// <summary>POST /api/tools/{tool}/snapshots on a real site host over real Azurite, through real HTTP.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GatewayEndpointTests(AzuriteFixture azurite) : IDisposable
{
    private const int Limit = 4096;
    private readonly TempFolder _data = new("mao-gateway");

    [Fact]
    public async Task Submit_ValidSnapshot_IsStoredAsTheSitesOwnAndResubmittingIsIdempotent()
    {
        using var timeout = TestSites.Timeout();
        var ct = timeout.Token;
        await using var site = await TestSites.StartAsync(Options(), ct);
        var key = GatewayClient.Register(_data.Path);
        using var tool = new GatewayClient(site.ApiAddress);
        // Larger than the round API's 64 KiB body limit: this route has the gateway's own.
        var rows = Enumerable.Range(0, 2000).Select(i => ($"library/image-{i:D5}", i * 0.5, i % 2 == 0 ? "amd64" : "arm64", new[] { "latest", $"v{i}" })).ToArray();
        var snapshot = TestSnapshots.Make("site-a", rows);
        Assert.True(SnapshotJsonLines.ToBytes(snapshot).Length > Mao.Orchestrations.Api.RoundOperations.MaxBodyBytes);

        var first = await tool.SubmitAsync("bench", key, snapshot, ct);
        var again = await tool.SubmitAsync("bench", key, SnapshotJsonLines.ToBytes(snapshot), ct, query: "?round=now", keyHeader: true);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(snapshot.ContentId, first.Body.GetProperty("contentId").GetString());
        Assert.Equal("bench", first.Body.GetProperty("tool").GetString());
        Assert.Equal("site-a", first.Body.GetProperty("site").GetString());
        Assert.Equal(2000, first.Body.GetProperty("records").GetInt32());
        Assert.False(first.Body.TryGetProperty("roundId", out _));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(snapshot.ContentId, again.Body.GetProperty("contentId").GetString());
        var stored = new SiteDataFolder(_data.Path).OwnSnapshot("bench", snapshot.ContentId);
        Assert.Equal(snapshot.ContentId, TestSnapshots.Read(stored).ContentId);
        Assert.Equal(snapshot.ContentId, new FolderSnapshotSource(new SiteDataFolder(_data.Path), new ActivityJournal(new SiteDataFolder(_data.Path))).NewestOwn("bench")!.ContentId);
        await SettleAsync(site.ApiAddress, again.Body, ct);
    }

    [Fact]
    public async Task Submit_BadRequests_AreRefusedWithStatusAndNothingIsStored()
    {
        using var timeout = TestSites.Timeout();
        var ct = timeout.Token;
        var options = Options();
        options.Gateway.MaxSnapshotBytes = Limit;
        await using var site = await TestSites.StartAsync(options, ct);
        var key = GatewayClient.Register(_data.Path);
        using var tool = new GatewayClient(site.ApiAddress);
        var valid = TestSnapshots.Make("site-a", ("nginx", 1, "amd64", []));
        var body = SnapshotJsonLines.ToBytes(valid);

        Assert.Equal(HttpStatusCode.Unauthorized, (await tool.SubmitAsync("bench", null, body, ct)).Status);
        var wrongKey = await tool.SubmitAsync("bench", key + "x", body, ct);
        Assert.Equal(HttpStatusCode.Forbidden, wrongKey.Status);
        Assert.Contains("does not match tool 'bench'", Error(wrongKey.Body));
        var unknown = await tool.SubmitAsync("other-tool", key, body, ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("no tool 'other-tool'", Error(unknown.Body));
        Assert.Equal(HttpStatusCode.BadRequest, (await tool.SubmitAsync("..%2Fbench", key, body, ct)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await tool.SubmitAsync("..%2F..%2Fgateway%2Ftools%2Fbench", key, body, ct)).Status);
        var longName = await tool.SubmitAsync(new string('a', 64), key, body, ct);
        Assert.Equal(HttpStatusCode.BadRequest, longName.Status);
        Assert.Contains("is not a valid tool name", Error(longName.Body));

        var otherSchema = new MetricSchema("artifact", [new FieldSpec("latency", FieldKind.Category), .. TestSnapshots.Schema.Fields.Skip(1)]);
        var mismatch = await tool.SubmitAsync("bench", key, new Snapshot(valid.Header with { Schema = otherSchema }, []), ct);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.Status);
        Assert.Contains("field 1 is 'latency' (Category), expected 'latency' (Performance)", Error(mismatch.Body));
        var otherSite = await tool.SubmitAsync("bench", key, TestSnapshots.Make("site-b", ("nginx", 1, "amd64", [])), ct);
        Assert.Equal(HttpStatusCode.BadRequest, otherSite.Status);
        Assert.Contains("header names site 'site-b', but this site is 'site-a'", Error(otherSite.Body));
        var truncated = await tool.SubmitAsync("bench", key, body[..(body.Length - 5)], ct);
        Assert.Equal(HttpStatusCode.BadRequest, truncated.Status);
        Assert.Contains("snapshot submitted for tool 'bench':2:", Error(truncated.Body));
        var plain = await tool.SubmitAsync("bench", key, body, ct, contentType: "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.Status);
        Assert.Contains("application/x-ndjson", Error(plain.Body));
        Assert.Equal(HttpStatusCode.BadRequest, (await tool.SubmitAsync("bench", key, body, ct, query: "?round=later")).Status);

        var rows = Enumerable.Range(0, 200).Select(i => ($"image-{i:D4}", (double)i, "amd64", Array.Empty<string>())).ToArray();
        var huge = SnapshotJsonLines.ToBytes(TestSnapshots.Make("site-a", rows));
        Assert.True(huge.Length > Limit);
        var tooLarge = await tool.SubmitAsync("bench", key, huge, ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Contains($"limit of {Limit} bytes", Error(tooLarge.Body));

        Assert.False(Directory.Exists(Path.Combine(_data.Path, "snapshots")), "a refused snapshot was stored");
        var accepted = await tool.SubmitAsync("bench", key, body, ct, query: "?round=now");
        Assert.Equal(HttpStatusCode.Created, accepted.Status);
        Assert.Single(Directory.GetFiles(new SiteDataFolder(_data.Path).SnapshotsOf("bench")));
        await SettleAsync(site.ApiAddress, accepted.Body, ct);
    }

    [Fact]
    public async Task Submit_RoundNow_StartsARoundOverTheSnapshotThatCompletes()
    {
        using var timeout = TestSites.Timeout();
        var ct = timeout.Token;
        await using var site = await TestSites.StartAsync(Options(), ct);
        var key = GatewayClient.Register(_data.Path);
        using var tool = new GatewayClient(site.ApiAddress);
        using var api = new ApiClient(site.ApiAddress);
        var snapshot = TestSnapshots.Make("site-a", ("nginx", 7, "amd64", ["latest"]));

        var submitted = await tool.SubmitAsync("bench", key, snapshot, ct, query: "?round=now");

        Assert.Equal(HttpStatusCode.Created, submitted.Status);
        var roundId = submitted.Body.GetProperty("roundId").GetString()!;
        var round = await api.WaitFinishedAsync(roundId, ct);
        Assert.Equal("Completed", round.RuntimeStatus);
        Assert.True(round.Result!.Published);
        Assert.True(File.Exists(new SiteDataFolder(_data.Path).Publication("bench", roundId)));
        var again = await tool.SubmitAsync("bench", key, snapshot, ct, query: "?round=now");
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(roundId, again.Body.GetProperty("roundId").GetString());
    }

    /// <summary>Rounds over the submitted snapshots need no answers: they close as soon as they start.</summary>
    private SiteOptions Options()
    {
        var options = TestSites.Options(azurite, _data.Path);
        options.AnswerWindow = TimeSpan.Zero;
        return options;
    }

    /// <summary>
    /// Waits for the round a submission started. Besides checking it, this keeps the site up until its durable backend
    /// has started: stopping the sidecar while the Azure Storage service is still starting crashes the process (see report).
    /// </summary>
    private static async Task SettleAsync(Uri site, JsonElement submitted, CancellationToken ct)
    {
        using var api = new ApiClient(site);
        Assert.Equal("Completed", (await api.WaitFinishedAsync(submitted.GetProperty("roundId").GetString()!, ct)).RuntimeStatus);
    }

    private static string Error(JsonElement body) => body.GetProperty("error").GetString()!;

    public void Dispose() => _data.Dispose();
}
