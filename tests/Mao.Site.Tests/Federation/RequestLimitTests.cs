using System.Net;
using System.Text;
using Mao.Core.Serialization;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Federation;

/// <summary>The API's limits through real HTTP: oversized headers, bodies beyond the route's limit, JSON nested too deep.</summary>
[Collection(FederationCollection.Name)]
public sealed class RequestLimitTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task Api_OversizedHeadersBodiesAndDeepJson_AreRefusedNamingTheLimit()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        var site = await federation.StartAsync(federation.Options("site-a"), ct);
        var key = GatewayClient.Register(site.Options.DataDirectory);
        using var http = federation.Http("site-a");
        using var tool = new GatewayClient(site.ApiAddress);

        using var bigHeaders = new HttpRequestMessage(HttpMethod.Get, "api/health");
        bigHeaders.Headers.Add("X-Padding", new string('a', 20 * 1024));
        using var headersReply = await http.SendAsync(bigHeaders, ct);
        using var bigBody = new StringContent("{\"tool\":\"" + new string('a', 70 * 1024) + "\"}", Encoding.UTF8, "application/json");
        using var bodyReply = await http.PostAsync("api/rounds/bench/r1/answers", bigBody, ct);
        var header = Encoding.UTF8.GetString(SnapshotJsonLines.ToBytes(TestSnapshots.Make("site-a")));
        var deepSet = new string('[', 30) + new string(']', 30);
        var deep = await tool.SubmitAsync("bench", key, Encoding.UTF8.GetBytes(header + $"{{\"key\":\"a\",\"values\":[1,\"amd64\",{deepSet}]}}\n"), ct);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, headersReply.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bodyReply.StatusCode);
        Assert.Contains($"larger than {Mao.Orchestrations.Api.RoundOperations.MaxBodyBytes} bytes", await bodyReply.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.BadRequest, deep.Status);
        Assert.Contains("depth", deep.Body.GetProperty("error").GetString());
        Assert.Contains(":2:", deep.Body.GetProperty("error").GetString());
    }
}
