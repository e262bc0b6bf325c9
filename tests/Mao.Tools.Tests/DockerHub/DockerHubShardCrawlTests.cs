using Mao.Testing.Replay;
using Mao.Tools.DockerHub;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

public class DockerHubShardCrawlTests
{
    [Fact]
    public async Task ThreeSitesWithOverlap_UnionIsTheFullCrawl_OverlapCrawledTwice()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 120, 2);
        await using var full = await HubTestBed.StartAsync(world);
        var all = (await full.CrawlAsync("full", timeout.Token)).Snapshot!.Records.Select(r => r.Key).ToHashSet();

        var perShard = new List<HashSet<string>>();
        for (var shard = 0; shard < 3; shard++)
        {
            var index = shard;
            await using var site = await HubTestBed.StartAsync(world, s =>
            {
                s["Mao:DockerHub:ShardIndex"] = index.ToString();
                s["Mao:DockerHub:ShardCount"] = "3";
                s["Mao:DockerHub:ShardOverlap"] = "0.1";
            });
            var result = await site.CrawlAsync($"shard-{index}", timeout.Token);
            perShard.Add(result.Snapshot!.Records.Select(r => r.Key).ToHashSet());
            Assert.Equal(perShard[^1].Count / 2, site.Requests("GET", "/tags")); // a site fetches only its own repositories
        }

        Assert.True(all.SetEquals(perShard.SelectMany(s => s)));
        var repositories = all.Select(k => k[..k.IndexOf(':')]).Distinct().ToList();
        var inTwo = repositories.Count(r => perShard.Count(s => s.Contains(r + ":latest")) == 2);
        Assert.All(repositories, r => Assert.Equal(new ShardSelector(0, 3, 0.1).Owns(r), perShard[0].Contains(r + ":latest")));
        Assert.InRange(inTwo, 1, repositories.Count / 2); // about 3 x 0.1 of them
    }
}
