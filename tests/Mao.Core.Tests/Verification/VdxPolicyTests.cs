using Mao.Core.Verification;
using Mao.Testing;

namespace Mao.Core.Tests.Verification;

public class VdxPolicyTests
{
    [Fact]
    public void Parse_VdxDocument_MapsEveryChoice()
    {
        const string vdx = """
            {"algorithm_name":"demo","quorum":"ALL_BUT","quorum_percentage":10,"bootstrapping":true,
             "exclusion":"OUTSIDE_SIGMA","exclusion_threshold":2,"history":"MODULE_ELIMINATION","collation":"MEAN_NEAREST_NEIGHBOR"}
            """;

        var policy = VdxPolicy.Parse(vdx, "vdx.json");

        Assert.True(VdxPolicy.IsVdx(vdx));
        Assert.Equal((QuorumKind.AllBut, 10.0, ExclusionKind.OutsideSigma, 2.0, HistoryKind.ModuleElimination, CollationKind.MeanNearestNeighbor),
            (policy.Quorum, policy.QuorumPercentage, policy.Exclusion, policy.ExclusionThreshold!.Value, policy.History, policy.Collation));
    }

    [Fact]
    public void Parse_UnknownChoice_ErrorListsTheAllowedOnes()
    {
        var error = Assert.Throws<MaoFormatException>(() => VdxPolicy.Parse(
            """{"quorum":"MOST","quorum_percentage":50,"exclusion":"NONE","history":"NONE","collation":"MEAN"}""", "vdx.json"));

        Assert.Equal("vdx.json (column 'quorum'): 'MOST' is not a VDX quorum: use one of UNTIL, ALL_BUT", error.Message);
    }

    [Fact]
    public void Schema_PrototypeVdxSchema_ListsExactlyTheChoicesWeMap()
    {
        var schema = File.ReadAllText(SharedData.Path("data/vdx/vdx.schema.json"));

        foreach (var choice in new[] { "\"UNTIL\"", "\"ALL_BUT\"", "\"NONE\"", "\"FURTHEST\"", "\"OUTSIDE_SIGMA\"", "\"STANDARD\"", "\"MODULE_ELIMINATION\"", "\"HYBRID\"", "\"MEAN\"", "\"MEAN_NEAREST_NEIGHBOR\"" })
        {
            Assert.Contains(choice, schema);
        }
    }
}
