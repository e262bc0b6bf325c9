using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mao.Core.Sharding;

namespace Mao.Core.Tests.Sharding;

/// <summary>Rendezvous shards: exact coverage with the overlap asked for, balance, and few moves on a join or leave.</summary>
[Properties(MaxTest = 100)]
public class ShardPlanTests
{
    private static readonly string[] Units = Enumerable.Range(0, 2000).Select(i => $"library/repo-{i}").ToArray();

    private static string[] SiteNames(int count) => Enumerable.Range(0, count).Select(i => $"site-{i}").ToArray();

    [Property]
    public bool Owners_EveryUnitHasReplicasDistinctOwnersAmongTheSites(PositiveInt sites, PositiveInt replicas, NonEmptyString unit)
    {
        var plan = new ShardPlan(SiteNames(Math.Min(sites.Get, 12)), Math.Min(replicas.Get, 14));
        var owners = plan.Owners(unit.Get);
        return owners.Count == plan.OwnersPerUnit && owners.Distinct().Count() == owners.Count && owners.All(plan.Sites.Contains)
            && plan.Sites.All(s => plan.Owns(s, unit.Get) == owners.Contains(s));
    }

    [Property]
    public bool Owners_DoNotDependOnTheOrderSitesAreListedIn(PositiveInt sites, int seed, NonEmptyString unit)
    {
        var names = SiteNames(Math.Min(sites.Get, 12));
        var shuffled = names.OrderBy(_ => new Random(seed).Next()).ToArray();
        return new ShardPlan(names, 2).Owners(unit.Get).SequenceEqual(new ShardPlan(shuffled, 2).Owners(unit.Get));
    }

    [Property]
    public bool Leave_OnlyTheLeaversUnitsMove_AndEachGetsOneNewOwner(PositiveInt extra, PositiveInt replicas, NonNegativeInt leaver)
    {
        var names = SiteNames(2 + Math.Min(extra.Get, 8));
        var r = Math.Min(replicas.Get, names.Length - 1);
        var gone = names[leaver.Get % names.Length];
        var before = new ShardPlan(names, r);
        var after = new ShardPlan(names.Where(s => s != gone).ToArray(), r);
        return Units.Take(300).All(unit =>
        {
            var was = before.Owners(unit);
            var now = after.Owners(unit);
            // Survivors keep what they had; a unit the leaver held gains exactly one owner, others are untouched.
            var kept = was.Where(s => s != gone).All(now.Contains);
            var added = now.Except(was).Count();
            return kept && added == (was.Contains(gone) ? 1 : 0);
        });
    }

    [Property]
    public bool Join_TheNewcomerTakesUnits_NoUnitMovesBetweenOthers(PositiveInt count, PositiveInt replicas)
    {
        var names = SiteNames(1 + Math.Min(count.Get, 8));
        var r = Math.Min(replicas.Get, names.Length);
        var before = new ShardPlan(names, r);
        var after = new ShardPlan(names.Append("newcomer").ToArray(), r);
        return Units.Take(300).All(unit =>
        {
            var was = before.Owners(unit);
            var now = after.Owners(unit);
            var lost = was.Except(now).ToArray();
            return now.Except(was).All(s => s == "newcomer") && lost.Length == (now.Contains("newcomer") ? 1 : 0);
        });
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(5, 2)]
    [InlineData(4, 1)]
    public void Leave_MovesAboutReplicasOverSitesOfTheUnits(int sites, int replicas)
    {
        var names = SiteNames(sites);
        var before = new ShardPlan(names, replicas);
        var after = new ShardPlan(names.Skip(1).ToArray(), replicas);
        var moved = Units.Count(u => !before.Owners(u).Order(StringComparer.Ordinal).SequenceEqual(after.Owners(u).Order(StringComparer.Ordinal)));
        // The leaver held replicas/sites of the units; only those change, give or take sampling noise.
        Assert.InRange((double)moved / Units.Length, (double)replicas / sites - 0.05, (double)replicas / sites + 0.05);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(6, 2)]
    public void Owners_AreBalanced(int sites, int replicas)
    {
        var plan = new ShardPlan(SiteNames(sites), replicas);
        var share = Units.SelectMany(plan.Owners).GroupBy(s => s).ToDictionary(g => g.Key, g => (double)g.Count() / Units.Length);
        Assert.Equal(sites, share.Count);
        Assert.All(share.Values, s => Assert.InRange(s, (double)replicas / sites - 0.05, (double)replicas / sites + 0.05));
    }

    [Fact]
    public void Whole_ReplicasAtLeastSites_EverySiteOwnsEveryUnit()
    {
        var plan = new ShardPlan(["b", "a", "a"], 5);
        Assert.Equal(["a", "b"], plan.Sites);
        Assert.All(Units.Take(50), u => Assert.Equal(["a", "b"], plan.Owners(u)));
    }

    [Fact]
    public void Score_IsFixed_SoEveryPlatformAgrees() =>
        // SHA-256("site-a\nlibrary/nginx"), first 8 bytes big-endian (computed apart, in Python): a change here would reshard every federation.
        Assert.Equal(11561420290976074667UL, ShardPlan.Score("site-a", "library/nginx"));

    [Theory]
    [InlineData(0, "need at least 1")]
    [InlineData(-1, "need at least 1")]
    public void Validate_BadReplicas_NamesThem(int replicas, string problem)
    {
        var e = Assert.Throws<MaoFormatException>(() => new ShardPlan(["a"], replicas).Validate("test plan"));
        Assert.Contains(problem, e.Message);
        Assert.Contains("test plan", e.Message);
    }

    [Fact]
    public void Equals_ComparesSitesAndReplicas()
    {
        Assert.Equal(new ShardPlan(["b", "a"], 2), new ShardPlan(["a", "b"], 2));
        Assert.NotEqual(new ShardPlan(["a", "b"], 2), new ShardPlan(["a", "b"], 1));
        Assert.NotEqual(new ShardPlan(["a", "b"], 2), new ShardPlan(["a", "c"], 2));
    }

    [Fact]
    public void Json_RoundTrips()
    {
        var plan = new ShardPlan(["site-b", "site-a"], 2);
        Assert.Equal(plan, Mao.Core.Serialization.MaoJson.Parse<ShardPlan>(Mao.Core.Serialization.MaoJson.Write(plan), "test"));
        Assert.Equal(plan, System.Text.Json.JsonSerializer.Deserialize<ShardPlan>(System.Text.Json.JsonSerializer.Serialize(plan)));
    }

    [Fact]
    public void Validate_NoSites_Throws() =>
        Assert.Throws<MaoFormatException>(() => new ShardPlan([], 1).Validate("test plan"));
}
