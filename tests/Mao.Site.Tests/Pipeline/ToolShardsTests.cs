using Mao.Core;
using Mao.Federation.Configuration;
using Mao.Orchestrations.ToolRuns;
using Microsoft.Extensions.Configuration;

namespace Mao.Site.Tests.Pipeline;

/// <summary>Mao:Sharding:&lt;tool&gt;:Replicas: unset means no sharding; a bad value is refused naming the key.</summary>
public sealed class ToolShardsTests
{
    private static ToolShards With(string? replicas) => new(null!, new FederationSettings(), new ConfigurationBuilder()
        .AddInMemoryCollection([new KeyValuePair<string, string?>(ToolShards.ReplicasKey("dockerhub-tags"), replicas)]).Build());

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("2", 2)]
    public void Replicas_ReadFromTheToolsSection(string? value, int? expected) =>
        Assert.Equal(expected, With(value).Replicas("dockerhub-tags"));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    public void Replicas_BadValue_ErrorNamesTheKeyAndValue(string value)
    {
        var error = Assert.Throws<MaoFormatException>(() => With(value).Replicas("dockerhub-tags"));
        Assert.Contains("Mao:Sharding:dockerhub-tags:Replicas", error.Message);
        Assert.Contains($"'{value}'", error.Message);
    }

    [Fact]
    public async Task PlanAsync_NotConfigured_NoPlanAndNoRegistryRead() =>
        Assert.Null(await With(null).PlanAsync("dockerhub-tags", CancellationToken.None)); // the null registry would throw if read
}
