using Mao.Orchestrations.ToolRuns;
using Mao.Tools.DockerHub;

namespace Mao.Site.Tests.Pipeline;

/// <summary>A dockerhub-tags unit name carries the repository and its last_updated, so the unit can build records alone.</summary>
public sealed class DockerHubUnitNameTests
{
    [Theory]
    [InlineData("library", "redis", 1581724800L, 1)]
    [InlineData("bitnami", "node-exporter", null, 12)]
    public void Unit_ParsesBackToRepositoryAndPage(string ns, string name, long? updated, int page)
    {
        var repository = new RepositoryRef(ns, name, updated is { } u ? DateTimeOffset.FromUnixTimeSeconds(u) : null);

        var unit = DockerHubTagsUnits.Unit(repository, page);

        Assert.Equal((repository, page), DockerHubTagsUnits.Parse(unit));
        Assert.Equal(page + 1, DockerHubTagsUnits.Parse(DockerHubTagsUnits.Unit(repository, page + 1)).Page);
    }

    [Fact]
    public void Identity_DropsLastUpdated_SoAChangedRepositoryIsTheSameUnitForCarryOver_ButNotReusable()
    {
        var before = DockerHubTagsUnits.Unit(new RepositoryRef("library", "redis", DateTimeOffset.FromUnixTimeSeconds(1581724800)), 2);
        var after = DockerHubTagsUnits.Unit(new RepositoryRef("library", "redis", DateTimeOffset.FromUnixTimeSeconds(1581811200)), 2);
        var undated = DockerHubTagsUnits.Unit(new RepositoryRef("library", "redis", null), 2);

        Assert.NotEqual(before, after);
        Assert.Equal("tags:library/redis:2", DockerHubTagsUnits.IdentityOf(before));
        Assert.Equal(DockerHubTagsUnits.IdentityOf(before), DockerHubTagsUnits.IdentityOf(after));
        Assert.NotEqual(DockerHubTagsUnits.IdentityOf(before), DockerHubTagsUnits.IdentityOf(DockerHubTagsUnits.Unit(new RepositoryRef("library", "redis", null), 3)));
        Assert.True(DockerHubTagsUnits.IsReusable(before));
        Assert.False(DockerHubTagsUnits.IsReusable(undated)); // no last_updated: nothing pins the repository's state
    }
}
