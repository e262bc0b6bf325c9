using Mao.Core.Serialization;
using Mao.Core.Verification;

namespace Mao.Core.Tests.Verification;

public class VotePolicyTests
{
    [Fact]
    public void Parse_SerialisedPolicy_RoundTrips()
    {
        var policy = new VotePolicy
        {
            Quorum = QuorumKind.AllBut, QuorumPercentage = 20, Exclusion = ExclusionKind.OutsideSigma, ExclusionThreshold = 2,
            Collation = CollationKind.MeanNearestNeighbor, History = HistoryKind.Hybrid, MissingRecords = MissingRecordPolicy.DropBelowQuorum,
        };

        var json = MaoJson.Write(policy);

        Assert.Contains("\"quorum\":\"allBut\"", json);
        Assert.Equal(policy, VotePolicy.Parse(json, "policy.json"));
    }

    [Fact]
    public void Parse_EmptyObject_GivesCarefulDefaults()
    {
        var policy = VotePolicy.Parse("{}", "policy.json");

        Assert.Equal(VotePolicy.Default, policy);
        Assert.Equal(ExclusionKind.RobustMad, policy.Exclusion);
        Assert.Equal(MissingRecordPolicy.KeepWithSupport, policy.MissingRecords);
    }

    [Theory]
    [InlineData("{\"quorumPercentage\":150}", "quorumPercentage")]
    [InlineData("{\"exclusion\":\"sometimes\"}", "malformed")]
    [InlineData("{\"setSimilarity\":0}", "setSimilarity")]
    [InlineData("{\"surprise\":1}", "surprise")]
    public void Parse_BadPolicy_ErrorNamesTheProblem(string json, string expected)
    {
        var error = Assert.Throws<MaoFormatException>(() => VotePolicy.Parse(json, "policy.json"));

        Assert.StartsWith("policy.json", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(QuorumKind.Until, 50, 3, 2)]
    [InlineData(QuorumKind.Until, 50, 4, 2)]
    [InlineData(QuorumKind.Until, 50, 21, 11)]
    [InlineData(QuorumKind.AllBut, 10, 21, 19)]
    [InlineData(QuorumKind.AllBut, 0, 5, 5)]
    [InlineData(QuorumKind.Until, 0, 5, 1)]
    public void RequiredSites_QuorumKinds_Computed(QuorumKind kind, double percentage, int sites, int expected)
    {
        Assert.Equal(expected, new VotePolicy { Quorum = kind, QuorumPercentage = percentage }.RequiredSites(sites));
    }
}
