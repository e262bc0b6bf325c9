using System.Net;
using System.Text.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Gateway;

/// <summary>POST /api/tools/{tool}/snapshots on a federated site host (Azurite, etcd, git), through real HTTP.</summary>
[Collection(FederationCollection.Name)]
public sealed class GatewayEndpointTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const int Limit = 4096;

    [Fact]
    public async Task Submit_ValidSnapshot_IsKeptInTheSitesLibraryAndResubmittingIsIdempotent()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        var site = await federation.StartAsync(federation.Options("site-a"), ct);
        var key = GatewayClient.Register(site.Options.DataDirectory);
        using var tool = new GatewayClient(site.ApiAddress);
        // Larger than the round API's 64 KiB body limit: this route has the gateway's own.
        var rows = Enumerable.Range(0, 2000).Select(i => ($"library/image-{i:D5}", i * 0.5, i % 2 == 0 ? "amd64" : "arm64", new[] { "latest", $"v{i}" })).ToArray();
        var snapshot = TestSnapshots.Make("site-a", rows);
        Assert.True(SnapshotJsonLines.ToBytes(snapshot).Length > RoundOperations.MaxBodyBytes);

        var first = await tool.SubmitAsync(TestSnapshots.Tool, key, snapshot, ct);
        var again = await tool.SubmitAsync(TestSnapshots.Tool, key, SnapshotJsonLines.ToBytes(snapshot), ct, keyHeader: true);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(snapshot.ContentId, first.Body.GetProperty("contentId").GetString());
        Assert.Equal("site-a", first.Body.GetProperty("site").GetString());
        Assert.Equal(2000, first.Body.GetProperty("records").GetInt32());
        Assert.False(first.Body.TryGetProperty("round", out var round) && round.ValueKind != JsonValueKind.Null, "no round was asked for");
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(snapshot.ContentId, again.Body.GetProperty("contentId").GetString());
        var kept = await site.Services.GetRequiredService<ISnapshotLibrary>().FindAsync(snapshot.ContentId, ct);
        Assert.NotNull(kept);
        Assert.Equal(TestSnapshots.Tool, kept.Tool);
    }

    [Fact]
    public async Task Submit_BadRequests_AreRefusedWithStatusAndNothingIsKept()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        var options = federation.Options("site-a");
        options.Gateway.MaxSnapshotBytes = Limit;
        var site = await federation.StartAsync(options, ct);
        var key = GatewayClient.Register(options.DataDirectory);
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
        // Path tricks in the tool name never reach the file registry.
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
        Assert.Equal(HttpStatusCode.BadRequest, (await tool.SubmitAsync("bench", key, body[..(body.Length - 5)], ct)).Status);
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

        var library = site.Services.GetRequiredService<ISnapshotLibrary>();
        Assert.Null(await library.NewestAsync(TestSnapshots.Tool, ct));
        Assert.Equal(HttpStatusCode.Created, (await tool.SubmitAsync("bench", key, body, ct)).Status);
        Assert.Equal(valid.ContentId, (await library.NewestAsync(TestSnapshots.Tool, ct))?.ContentId);
    }

    [Fact]
    public async Task Submit_RoundNow_StartsTheRoundOfTheSnapshotsPeriod()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        var options = federation.Options("site-a");
        options.AnswerWindow = TimeSpan.Zero; // no peers: the round closes as soon as it starts
        var site = await federation.StartAsync(options, ct);
        var key = GatewayClient.Register(options.DataDirectory);
        using var tool = new GatewayClient(site.ApiAddress);
        var snapshot = TestSnapshots.Make("site-a", ("nginx", 7, "amd64", ["latest"]));

        var submitted = await tool.SubmitAsync("bench", key, snapshot, ct, query: "?round=now");

        Assert.Equal(HttpStatusCode.Created, submitted.Status);
        var round = submitted.Body.GetProperty("round");
        Assert.Equal("started", round.GetProperty("outcome").GetString());
        Assert.Equal("2026-11-27", round.GetProperty("period").GetString());
        var result = await federation.WaitRoundAsync("site-a", TestSnapshots.Tool, round.GetProperty("round").GetString()!, ct);
        Assert.True(result.Published);
        Assert.Equal(["site-a"], result.Verified.Support);
        var again = await tool.SubmitAsync("bench", key, snapshot, ct, query: "?round=now");
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("alreadyrunning", again.Body.GetProperty("round").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Submit_UnsortedOrLooselyWrittenRecords_AreKeptUnderTheCanonicalIdAndRepeatedKeysRefused()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        var site = await federation.StartAsync(federation.Options("site-a"), ct);
        var key = GatewayClient.Register(site.Options.DataDirectory);
        using var tool = new GatewayClient(site.ApiAddress);
        var snapshot = TestSnapshots.Make("site-a", ("alpine", 1, "amd64", ["a"]), ("busybox", 2, "arm64", []), ("nginx", 3.5, "amd64", ["b", "c"]));
        var lines = System.Text.Encoding.UTF8.GetString(SnapshotJsonLines.ToBytes(snapshot)).TrimEnd('\n').Split('\n');
        // Sorted but with spaces and 3.50 for 3.5: streamed, re-written canonically on the way.
        var loose = string.Join('\n', lines.Select(l => l.Replace(",\"values\":", ", \"values\" : ").Replace("3.5,", "3.50,"))) + "\n";
        // Records in reverse order: read back once, sorted.
        var unsorted = string.Join('\n', new[] { lines[0] }.Concat(lines[1..].Reverse())) + "\n";
        var repeated = string.Join('\n', new[] { lines[0], lines[3], lines[1], lines[3] }) + "\n";

        var first = await tool.SubmitAsync("bench", key, System.Text.Encoding.UTF8.GetBytes(loose), ct);
        var second = await tool.SubmitAsync("bench", key, System.Text.Encoding.UTF8.GetBytes(unsorted), ct);
        var third = await tool.SubmitAsync("bench", key, System.Text.Encoding.UTF8.GetBytes(repeated), ct);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(snapshot.ContentId, first.Body.GetProperty("contentId").GetString());
        Assert.Equal(3, first.Body.GetProperty("records").GetInt32());
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(snapshot.ContentId, second.Body.GetProperty("contentId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, third.Status);
        Assert.Contains("duplicate index value 'nginx'", Error(third.Body));
        var stored = await site.Services.GetRequiredService<ISnapshotLibrary>().LoadAsync(snapshot.ContentId, ct);
        Assert.Equal(SnapshotJsonLines.ToBytes(snapshot), SnapshotJsonLines.ToBytes(stored));
    }

    private static string Error(JsonElement body) => body.GetProperty("error").GetString()!;
}
