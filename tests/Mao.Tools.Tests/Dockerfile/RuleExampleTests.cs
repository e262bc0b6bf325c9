using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Rules;

namespace Mao.Tools.Tests.Dockerfile;

public class RuleExampleTests
{
    public static TheoryData<string> RuleIds() => new(RuleExamples.ById.Keys.Order(StringComparer.Ordinal));

    private static LintResult Lint(string[] lines) => new DockerfileLinter().Lint(DockerfileText.Of(lines), "Dockerfile");

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_FiringExample_FiresOnExactlyTheExpectedLines(string id)
    {
        var example = RuleExamples.ById[id];

        var result = Lint(example.Firing);

        Assert.Equal(example.Lines, result.Findings.Where(f => f.Rule == id).Select(f => f.Line));
        Assert.DoesNotContain(result.Findings, f => f.Rule == RuleCatalog.SyntaxErrorId);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_NearMiss_DoesNotFire(string id)
    {
        var result = Lint(RuleExamples.ById[id].Clean);

        Assert.DoesNotContain(result.Findings, f => f.Rule == id);
        Assert.DoesNotContain(result.Findings, f => f.Rule == RuleCatalog.SyntaxErrorId);
    }

    [Fact]
    public void Catalog_EveryRule_HasExamples()
    {
        var missing = RuleCatalog.All.Select(r => r.Id).Except(RuleExamples.ById.Keys).ToArray();

        Assert.True(missing.Length == 0, $"rules without examples: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Catalog_Rules_HaveUniqueIdsAndDocumentation()
    {
        Assert.Equal(RuleCatalog.All.Count, RuleCatalog.All.Select(r => r.Id).Distinct().Count());
        Assert.All(RuleCatalog.All, r =>
        {
            Assert.Matches("^DL[34][0-9]{3}$", r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Message));
            Assert.True(r.Rationale.Length > 40, $"{r.Id} needs a rationale");
        });
    }

    [Fact]
    public void Finding_CarriesTheRuleSeverityAndMessage()
    {
        var finding = Lint(["FROM alpine:3.20", "RUN apk add --no-cache gcc"]).Findings.Single(f => f.Rule == "DL3018");

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.EndsWith("(gcc)", finding.Message, StringComparison.Ordinal);
    }
}
