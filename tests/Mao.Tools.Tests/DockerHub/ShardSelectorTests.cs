using Mao.Tools.DockerHub;

namespace Mao.Tools.Tests.DockerHub;

public class ShardSelectorTests
{
    private static readonly string[] Names = Enumerable.Range(0, 5000).Select(i => $"library/repo-{i}").ToArray();

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(3, 0.0)]
    [InlineData(4, 0.05)]
    [InlineData(7, 0.1)]
    public void Owns_UnionOfShards_CoversEveryRepository(int count, double overlap)
    {
        var shards = Enumerable.Range(0, count).Select(i => new ShardSelector(i, count, overlap)).ToArray();
        Assert.All(Names, name => Assert.Contains(shards, s => s.Owns(name)));
    }

    [Fact]
    public void Owns_NoOverlap_EveryRepositoryInExactlyOneShard()
    {
        var shards = Enumerable.Range(0, 4).Select(i => new ShardSelector(i, 4, 0)).ToArray();
        Assert.All(Names, name => Assert.Equal(1, shards.Count(s => s.Owns(name))));
    }

    [Theory]
    [InlineData(4, 0.05)]
    [InlineData(5, 0.02)]
    public void Owns_WithOverlap_ShareInTwoShardsIsCountTimesOverlap(int count, double overlap)
    {
        var shards = Enumerable.Range(0, count).Select(i => new ShardSelector(i, count, overlap)).ToArray();
        var twice = Names.Count(name => shards.Count(s => s.Owns(name)) == 2);
        Assert.All(Names, name => Assert.InRange(shards.Count(s => s.Owns(name)), 1, 2));
        Assert.InRange((double)twice / Names.Length, count * overlap - 0.03, count * overlap + 0.03);
    }

    [Fact]
    public void Position_IsStableAcrossCalls() =>
        Assert.Equal(ShardSelector.Position("library/nginx"), ShardSelector.Position("library/nginx"));

    [Fact]
    public void Constructor_IndexOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShardSelector(3, 3, 0));
}
