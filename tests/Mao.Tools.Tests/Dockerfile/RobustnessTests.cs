using Mao.Testing;
using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Tests.Dockerfile;

/// <summary>Bad input never crashes the linter: every prefix of the real Dockerfiles, and random garbage, lint without throwing.</summary>
public class RobustnessTests
{
    [Fact]
    public void Lint_EveryTruncationOfTheFixtures_DoesNotThrow()
    {
        var linter = new DockerfileLinter();
        foreach (var file in Directory.GetFiles(SharedData.Path("fixtures/dockerfiles"), "*.Dockerfile"))
        {
            var text = File.ReadAllText(file);
            for (var length = 0; length <= text.Length; length += 7)
            {
                var result = linter.Lint(text[..length], file);
                Assert.All(result.Findings, f => Assert.InRange(f.Line, 1, text.Length));
            }
        }
    }

    [Fact]
    public void Lint_RandomGarbage_DoesNotThrowAndReportsLines()
    {
        var random = new Random(20261127);
        const string alphabet = "FROM RUN COPY ADD ENV ARG ONBUILD SHELL <<EOF EOF [\"'`$(){}|&;\\\n\t #=:-/.aZ09";
        var linter = new DockerfileLinter();
        for (var i = 0; i < 300; i++)
        {
            var chars = new char[random.Next(0, 400)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }
            var text = new string(chars);
            var result = linter.Lint(text, "garbage");
            var lines = text.Split('\n').Length;
            Assert.All(result.Findings, f => Assert.InRange(f.Line, 1, lines));
        }
    }

    [Fact]
    public void Lint_DeeplyNestedSubstitutions_DoesNotThrow()
    {
        var nested = string.Concat(Enumerable.Repeat("$(", 5000)) + "x" + string.Concat(Enumerable.Repeat(")", 5000));

        var result = new DockerfileLinter().Lint($"FROM alpine:3.20\nRUN echo {nested}\n", "nested");

        Assert.DoesNotContain(result.Findings, f => f.Rule == "DL1000");
    }
}
