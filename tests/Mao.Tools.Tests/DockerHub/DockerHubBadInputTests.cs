using System.Text.Json.Nodes;
using Mao.Testing;
using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.Http;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

public class DockerHubBadInputTests
{
    public static TheoryData<int> TokenCases => [0, 1, 2, 3];

    /// <summary>The recorded token-service bodies: token or access_token both work, a non-JSON body is a clear error.</summary>
    [Theory]
    [MemberData(nameof(TokenCases))]
    public async Task RecordedTokenResponses_UsedOrReported(int index)
    {
        using var timeout = TestCrawlers.Timeout();
        var testCase = JsonNode.Parse(File.ReadAllText(SharedData.Path("fixtures/registry/containers-image_token-response-cases.json")))!["cases"]![index]!;
        var expected = testCase["expected_token"]?.GetValue<string>();
        await using var bed = await HubTestBed.StartAsync(SyntheticHub.Build("library", 1, 1, registryEvery: 1), registryToken: expected ?? "never");
        var body = testCase["body"]!;
        bed.Server.Map("GET", "/token", _ => ReplayResponse.Json(body.GetValueKind() == System.Text.Json.JsonValueKind.String ? body.GetValue<string>() : body.ToJsonString()));

        var result = await bed.CrawlAsync($"token-{index}", timeout.Token);

        if (expected is null)
        {
            var error = Assert.Single(result.Report.Errors);
            Assert.Equal(CrawlErrorKind.MalformedJson, error.Kind);
            Assert.Contains("/token", error.Url);
        }
        else
        {
            Assert.Empty(result.Report.Errors);
            Assert.NotEmpty(result.Snapshot!.Records[0].Values[3].Set);
        }
    }

    [Fact]
    public async Task RegistryRejectsToken_401ReportedForTheTag()
    {
        using var timeout = TestCrawlers.Timeout();
        await using var bed = await HubTestBed.StartAsync(SyntheticHub.Build("library", 1, 2, registryEvery: 1), registryToken: "some-other-token");

        var result = await bed.CrawlAsync("unauthorized", timeout.Token);

        Assert.Equal(2, result.Report.Errors.Count);
        Assert.All(result.Report.Errors, e => Assert.Equal((CrawlErrorKind.Unauthorized, 401), (e.Kind, e.Status)));
        Assert.Equal(CrawlStatus.Partial, result.Report.Status);
    }

    [Fact]
    public async Task AbsurdlyLargeTagsPage_RefusedNotLoaded()
    {
        using var timeout = TestCrawlers.Timeout();
        await using var bed = await HubTestBed.StartAsync(SyntheticHub.Build("library", 2, 1));
        var huge = new JsonObject
        {
            ["count"] = 5000,
            ["next"] = null,
            ["results"] = new JsonArray(Enumerable.Range(0, 5000).Select(i => (JsonNode)new JsonObject { ["name"] = $"t{i}" }).ToArray()),
        };
        bed.Server.Map("GET", "/v2/namespaces/library/repositories/repo00001/tags", _ => ReplayResponse.Json(huge.ToJsonString()));

        var result = await bed.CrawlAsync("huge", timeout.Token);

        var error = Assert.Single(result.Report.Errors);
        Assert.Equal((CrawlErrorKind.TooLarge, "library/repo00001"), (error.Kind, error.Unit));
        Assert.Contains("5000 results", error.Message);
        Assert.Single(result.Snapshot!.Records); // the other repository
    }

    [Fact]
    public async Task RecordedInvalidOrdering400_ReportedWithStatus()
    {
        using var timeout = TestCrawlers.Timeout();
        await using var bed = await HubTestBed.StartAsync(SyntheticHub.Build("library", 2, 1));
        var recorded = File.ReadAllText(SharedData.Path("fixtures/dockerhub/docker-docs_namespace-repositories_400_invalid-ordering.json"));
        bed.Server.Map("GET", "/v2/namespaces/library/repositories", _ => ReplayResponse.Json(recorded, 400));

        var result = await bed.CrawlAsync("bad-request", timeout.Token);

        Assert.Equal(CrawlStatus.Failed, result.Report.Status);
        Assert.Equal((CrawlErrorKind.UnexpectedStatus, 400), (result.Report.Errors[0].Kind, result.Report.Errors[0].Status));
        Assert.Null(result.Snapshot); // no previous snapshot, nothing new: nothing to keep
    }
}
