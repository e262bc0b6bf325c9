using System.Net;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Local;
using Mao.Orchestrations.Rounds;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Integration;

/// <summary>The site API refuses bad requests with the right status and an error that says what was wrong.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiteApiTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _data = new("mao-api");

    [Fact]
    public async Task BadRequests_AreRefusedWithStatusAndAClearError()
    {
        using var timeout = TestSites.Timeout();
        var ct = timeout.Token;
        await using var site = await TestSites.StartAsync(TestSites.Options(azurite, _data.Path), ct);
        var own = await site.Services.GetRequiredService<FolderSnapshotSource>().SaveOwnAsync(TestSnapshots.Make("site-a", ("nginx", 1, "amd64", [])), ct);
        using var api = new ApiClient(site.ApiAddress);

        var malformed = await api.PostRawAsync("api/rounds", "{\"tool\": \"bench\",", "application/json", ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Contains("start request", malformed.Body.GetProperty("error").GetString());

        var badId = await api.PostAsync("api/rounds", new StartRoundBody("bench", "Round/../1", own), ct);
        Assert.Equal(HttpStatusCode.BadRequest, badId.Status);
        Assert.Contains("round id 'Round/../1' is not a valid id", badId.Body.GetProperty("error").GetString());

        var unknownField = await api.PostRawAsync("api/rounds", "{\"tool\":\"bench\",\"roundId\":\"r\",\"localSnapshot\":null,\"extra\":1}", "application/json", ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.Status);

        var self = await api.PostAsync("api/rounds", new StartRoundBody("bench", "r3", own, ["site-a"]), ct);
        Assert.Contains("cannot be its own peer", self.Body.GetProperty("error").GetString());

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await api.PostRawAsync("api/rounds", "tool=bench", "application/x-www-form-urlencoded", ct)).Status);
        var huge = await api.PostRawAsync("api/rounds", "{\"tool\":\"" + new string('x', RoundOperations.MaxBodyBytes) + "\"}", "application/json", ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.Status);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("api/rounds/nosuchround", ct)).Status);
        var unknownRound = await api.PostAsync("api/rounds/nosuchround/answers", new RoundAnswer("site-b", true), ct);
        Assert.Equal(HttpStatusCode.NotFound, unknownRound.Status);

        var start = new StartRoundBody("bench", "r3", own, ["site-b"], AnswerWindowSeconds: 60);
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("api/rounds", start, ct)).Status);
        var again = await api.PostAsync("api/rounds", start, ct);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("already exists", again.Body.GetProperty("error").GetString());

        var both = await api.PostAsync("api/rounds/r3/answers", new RoundAnswer("site-b", true, own), ct);
        Assert.Equal(HttpStatusCode.BadRequest, both.Status);
        Assert.Contains("both accepts and points to a snapshot", both.Body.GetProperty("error").GetString());

        // A peer pointing at a snapshot whose content is not what it claims fails the round, naming the file.
        var forged = new SnapshotPointer(new string('0', 64), own.Location);
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("api/rounds/r3/answers", new RoundAnswer("site-b", false, forged), ct)).Status);
        var status = await api.WaitFinishedAsync("r3", ct);
        Assert.Equal("Failed", status.RuntimeStatus);
        Assert.Contains("but the pointer says", status.Failure);
        Assert.False(File.Exists(new SiteDataFolder(_data.Path).Publication("bench", "r3")));
    }

    public void Dispose() => _data.Dispose();
}
