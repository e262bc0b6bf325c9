using System.Text.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Local;
using Mao.Site.Hosting;
using Mao.Testing;
using Mao.Tools.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Functions.Tests;

/// <summary>
/// The Functions app's SubmitSnapshot trigger, called directly with real ASP.NET Core requests, built from the app's
/// own services (AddMaoFunctions) over a data folder whose tool registry holds a real registration; ?round=now starts
/// a round on a site host's worker over real Azurite.
/// </summary>
public sealed class SnapshotTriggerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly MetricSchema Schema = new("artifact", [new FieldSpec("latency", FieldKind.Performance)]);
    private readonly TempFolder _data = new("mao-fn-gateway");

    [Fact]
    public async Task SubmitSnapshot_RegisteredToolWithItsKey_StoresItAndStartsTheRound()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var site = await FunctionsTestSite.StartAsync(azurite, _data.Path, ct);
        var key = new FileToolRegistry(_data.Path).Register(new ToolManifest("bench", "1", "0 0 * * * *", Schema));
        using var services = new ServiceCollection().AddLogging()
            .AddMaoFunctions(new FunctionSettings("site-a", _data.Path, [], TimeSpan.Zero) { Gateway = new GatewayOptions { MaxSnapshotBytes = 2048 } })
            .BuildServiceProvider();
        var functions = ActivatorUtilities.CreateInstance<SnapshotHttpFunctions>(services);
        var snapshot = new Snapshot(new SnapshotHeader("bench", "1", "site-a", DateTimeOffset.UnixEpoch, Schema), [new SnapshotRecord("k", [FieldValue.Of(3)])]);
        var body = SnapshotJsonLines.ToBytes(snapshot);

        var wrongKey = await functions.SubmitAsync(Request(body, "Bearer nope"), "bench", site.Client, ct);
        var unknown = await functions.SubmitAsync(Request(body, "Bearer " + key), "nosuchtool", site.Client, ct);
        var tooLarge = await functions.SubmitAsync(Request(new byte[4096], "Bearer " + key), "bench", site.Client, ct);
        var accepted = await functions.SubmitAsync(Request(body, "Bearer " + key, "?round=now"), "bench", site.Client, ct);
        var again = await functions.SubmitAsync(Request(body, "Bearer " + key), "bench", site.Client, ct);

        Assert.Equal(403, Status(wrongKey));
        Assert.Equal(404, Status(unknown));
        Assert.Equal(413, Status(tooLarge));
        Assert.Equal(201, Status(accepted));
        Assert.Equal(200, Status(again));
        var reply = JsonSerializer.Deserialize<SubmittedSnapshot>(((ContentResult)accepted).Content!, MaoJson.Options)!;
        Assert.Equal(snapshot.ContentId, reply.ContentId);
        Assert.True(File.Exists(new SiteDataFolder(_data.Path).OwnSnapshot("bench", snapshot.ContentId)));
        var done = await site.Client.WaitForInstanceCompletionAsync(reply.RoundId!, getInputsAndOutputs: true, ct);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(File.Exists(new SiteDataFolder(_data.Path).Publication("bench", reply.RoundId!)));
    }

    private static HttpRequest Request(byte[] body, string authorization, string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-ndjson";
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        context.Request.Headers.Authorization = authorization;
        context.Request.Body = new MemoryStream(body);
        return context.Request;
    }

    private static int? Status(IActionResult result) => ((ContentResult)result).StatusCode;

    public void Dispose() => _data.Dispose();
}
