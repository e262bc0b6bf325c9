using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mao.Core.Serialization;
using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;
using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Federation;

/// <summary>The round API as an attacker or a careless caller meets it: every refusal says what was wrong, and ignored answers are never a 202.</summary>
[Collection(FederationCollection.Name)]
public sealed class RoundApiTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task StartRequests_WithoutKeyOrWithBadFields_AreRefusedAndNamed()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", 10), ct);

        using var anonymous = federation.Http("site-a");
        using var noKey = await anonymous.PostAsJsonAsync("api/rounds", new StartRoundBody(TestSnapshots.Tool), MaoJson.Options, ct);
        anonymous.DefaultRequestHeaders.Add(ApiKeys.Header, "not-the-key-of-this-site");
        using var wrongKey = await anonymous.PostAsJsonAsync("api/rounds", new StartRoundBody(TestSnapshots.Tool), MaoJson.Options, ct);
        var tooLong = await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool, AnswerWindowSeconds: 8 * 24 * 3600), ct);
        var newline = await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool, RoundId: "nl1\n"), ct);
        var self = await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool, ExpectedPeers: ["site-a"]), ct);
        var selfNewline = await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool, ExpectedPeers: ["site-a\n"]), ct);
        var noSnapshot = await federation.StartRoundAsync("site-a", new StartRoundBody("other-tool"), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("outside 0..604800", Error(tooLong.Body), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, newline.Status);
        Assert.Contains("'nl1?'", Error(newline.Body), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, self.Status);
        Assert.Contains("cannot be its own peer", Error(self.Body), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, selfNewline.Status);
        Assert.Equal(HttpStatusCode.NotFound, noSnapshot.Status);
    }

    [Fact]
    public async Task StartingTheSameRoundTwice_StartsItOnce()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", 10), ct);

        var first = await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool), ct);
        var second = await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool), ct);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("alreadyrunning", second.Body.GetProperty("outcome").GetString());
        Assert.True((await federation.WaitRoundAsync("site-a", TestSnapshots.Tool, "2026-11-27", ct)).Published);
    }

    [Fact]
    public async Task AnswersPostedOverHttp_UnsignedForgedOrForNoRound_AreNotAccepted_AndSayWhy()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", 10), ct);
        await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool, ExpectedPeers: ["peer2"], AnswerWindowSeconds: 30), ct);
        using var http = federation.Http("site-a");
        using var attacker = SiteKeyPair.CreateEphemeral("peer2");
        var forged = new MessageSigner(attacker).SignToJson(new RoundAnswer(TestSnapshots.Tool, "2026-11-27", "peer2", 1, AnswerKind.Accept));

        var unsigned = await PostAsync(http, "api/rounds/bench/2026-11-27/answers", "{\"site\":\"peer2\",\"accept\":true}", ct);
        var forgedReply = await PostAsync(http, "api/rounds/bench/2026-11-27/answers", forged, ct);
        var noRound = await PostAsync(http, "api/rounds/bench/2099-01-01/answers", forged, ct);

        Assert.Equal(HttpStatusCode.Forbidden, unsigned.Status);
        Assert.Equal("rejected", unsigned.Body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forgedReply.Status);
        Assert.Contains("has published no key", forgedReply.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, noRound.Status);
        // The forged answer for peer2 did not count: the round still waits for the real peer2, and names the forgery.
        JsonElement status;
        do
        {
            await Task.Delay(250, ct);
            status = await http.GetFromJsonAsync<JsonElement>("api/rounds/bench/2026-11-27", ct);
        }
        while (status.GetProperty("progress").GetProperty("rejected").GetArrayLength() < 2);
        Assert.Equal(["peer2"], status.GetProperty("progress").GetProperty("waiting").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(status.GetProperty("progress").GetProperty("rejected").EnumerateArray(), r => r.GetString()!.StartsWith("claimed peer2:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignedAnswersOfAnUnexpectedSiteOrAgain_AreNotA202_SayWhatHappened_AndNeverEndTheCollectionEarly()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", 10), ct);
        var settings = federation.Options("site-a").Federation;
        await using var peer = await VirtualPeer.JoinAsync(settings, "peer-e", federation["site-a"].ApiAddress, ct);
        await using var stranger = await VirtualPeer.JoinAsync(settings, "peer-x", federation["site-a"].ApiAddress, ct);
        // peer-w never answers: the round must collect until its deadline, whatever else arrives.
        await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool, ExpectedPeers: ["peer-e", "peer-w"], AnswerWindowSeconds: 15), ct);
        const string route = "api/rounds/bench/2026-11-27/answers";
        using var http = federation.Http("site-a");
        string Signed(VirtualPeer from, long revision) =>
            new MessageSigner(from.Key).SignToJson(new RoundAnswer(TestSnapshots.Tool, "2026-11-27", from.Site, revision, AnswerKind.Accept));

        // Validly signed by a registered site the round does not expect, many times over (newer revision each time).
        var strangers = new List<(HttpStatusCode Status, JsonElement Body)>();
        for (var revision = 1; revision <= 40; revision++)
        {
            strangers.Add(await PostAsync(http, route, Signed(stranger, revision), ct));
        }
        var first = await PostAsync(http, route, Signed(peer, 1), ct);
        await WaitProgressAsync(http, p => p.GetProperty("answered").EnumerateArray().Any(e => e.GetString() == "peer-e"), ct);
        var again = await PostAsync(http, route, Signed(peer, 1), ct);
        var second = await PostAsync(http, route, Signed(peer, 2), ct);
        var result = await federation.WaitRoundAsync("site-a", TestSnapshots.Tool, "2026-11-27", ct);
        var announced = await federation["site-a"].Services.GetRequiredService<Mao.Federation.Registry.FederationRegistry>()
            .ReadAnnouncementAsync(TestSnapshots.Tool, "2026-11-27", ct);

        Assert.All(strangers, s =>
        {
            Assert.Equal(HttpStatusCode.Forbidden, s.Status);
            Assert.Equal("rejected", s.Body.GetProperty("status").GetString());
            Assert.Contains("peer-x", s.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Contains("not an expected peer", s.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        foreach (var repeat in new[] { again, second })
        {
            Assert.Equal(HttpStatusCode.Conflict, repeat.Status);
            Assert.Equal("alreadyanswered", repeat.Body.GetProperty("status").GetString());
            Assert.Contains("the first answer stands", repeat.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        var verified = result.Verified;
        Assert.Equal(["peer-e"], verified.Accepted);
        Assert.Equal(["peer-w"], verified.TimedOut);
        Assert.Contains(verified.Rejected, r => r.StartsWith("peer-x: not an expected peer", StringComparison.Ordinal));
        Assert.Contains(verified.Rejected, r => r.StartsWith("peer-e: second answer (revision 2)", StringComparison.Ordinal));
        // Collected until the deadline: neither the stranger's answers nor the repeats ended it early.
        // (Queue messages are delayed in whole seconds, so the durable timer may fire up to a second before answerBy.)
        Assert.NotNull(announced);
        Assert.True(verified.PublishedAt >= announced!.Message.AnswerBy - TimeSpan.FromSeconds(2),
            $"published {verified.PublishedAt:O}, before the answer deadline {announced.Message.AnswerBy:O}");
    }

    private static async Task WaitProgressAsync(HttpClient http, Func<JsonElement, bool> done, CancellationToken ct)
    {
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>("api/rounds/bench/2026-11-27", ct);
            if (status.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object && done(progress))
            {
                return;
            }
            await Task.Delay(200, ct);
        }
    }

    [Fact]
    public async Task AnAnswerAfterTheDeadline_IsRecordedAsLate_NotLost()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", 10), ct);
        await using var slow = await VirtualPeer.JoinAsync(federation.Options("site-a").Federation, "site-slow", federation["site-a"].ApiAddress, ct);
        await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool, ExpectedPeers: ["site-slow"], AnswerWindowSeconds: 2), ct);
        var result = await federation.WaitRoundAsync("site-a", TestSnapshots.Tool, "2026-11-27", ct);

        await slow.Registry.AnswerAsync(new RoundAnswer(TestSnapshots.Tool, "2026-11-27", "site-slow", 1, AnswerKind.Accept), ct);
        using var http = federation.Http("site-a");
        var status = await http.GetFromJsonAsync<JsonElement>("api/rounds/bench/2026-11-27", ct);

        Assert.Equal(["site-slow"], result.Verified.TimedOut);
        Assert.Equal(["site-slow: accept"], status.GetProperty("late").EnumerateArray().Select(e => e.GetString()));
    }

    private static string Error(JsonElement body) => body.GetProperty("error").GetString()!;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, string json, CancellationToken ct)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content, ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone());
    }
}
