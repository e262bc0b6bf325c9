using System.Text;
using System.Text.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Local;
using Mao.Orchestrations.Rounds;
using Mao.Site.Hosting;
using Mao.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Functions.Tests;

/// <summary>
/// The Functions app's HTTP trigger methods, called directly (no `func` here) with real ASP.NET Core requests and a
/// real DurableTaskClient: the gRPC client of a site host whose sidecar runs over real Azurite. The round they start
/// runs on that host's worker, so the Functions front door is exercised against the real durable backend.
/// </summary>
public sealed class HttpTriggerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly TempFolder _data = new("mao-functions");

    [Fact]
    public async Task HttpTriggers_StartAnswerAndReadARound_OnTheDurableBackend()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var site = await FunctionsTestSite.StartAsync(azurite, _data.Path, ct);
        var schema = new MetricSchema("artifact", [new FieldSpec("latency", FieldKind.Performance)]);
        var own = await site.Services.GetRequiredService<FolderSnapshotSource>().SaveOwnAsync(new Snapshot(
            new SnapshotHeader("bench", "1", "site-a", DateTimeOffset.UnixEpoch, schema), [new SnapshotRecord("k", [FieldValue.Of(3)])]), ct);
        var functions = new RoundHttpFunctions(new FunctionSettings("site-a", _data.Path, [], TimeSpan.FromMinutes(5)));

        var start = await functions.StartAsync(Json(new StartRoundBody("bench", "fr1", own, ["site-b"], AnswerWindowSeconds: 120)), site.Client, ct);
        Assert.Equal(StatusCodes.Status202Accepted, Status(start));
        var bad = await functions.PostAnswerAsync(Json(new { site = "site-b" }), "fr1", site.Client, ct);
        Assert.Equal(StatusCodes.Status400BadRequest, Status(bad));
        var answer = await functions.PostAnswerAsync(Json(new RoundAnswer("site-b", true)), "fr1", site.Client, ct);
        Assert.Equal(StatusCodes.Status202Accepted, Status(answer));

        RoundStatus status;
        do
        {
            await Task.Delay(250, ct);
            var reply = (ContentResult)await functions.GetAsync(new DefaultHttpContext().Request, "fr1", site.Client, ct);
            status = JsonSerializer.Deserialize<RoundStatus>(reply.Content!, MaoJson.Options)!;
        }
        while (status.RuntimeStatus is "Running" or "Pending");

        Assert.Equal("Completed", status.RuntimeStatus);
        Assert.Equal(["site-b"], status.Result!.Accepted);
        Assert.Equal(["site-a"], status.Result.Support);
        Assert.True(File.Exists(new SiteDataFolder(_data.Path).Publication("bench", "fr1")));
        var missing = await functions.GetAsync(new DefaultHttpContext().Request, "nosuchround", site.Client, ct);
        Assert.Equal(StatusCodes.Status404NotFound, Status(missing));
    }

    private static HttpRequest Json<T>(T body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body, MaoJson.Options)));
        return context.Request;
    }

    private static int? Status(IActionResult result) => ((ContentResult)result).StatusCode;

    public void Dispose() => _data.Dispose();
}
