using System.Text;
using Mao.Testing.Fuzz;
using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Syntax;
using Xunit.Abstractions;

namespace Mao.Tools.Tests.Fuzz;

/// <summary>The parser documents that it never throws (problems become syntax errors); the linter runs every rule on what it read.</summary>
[Trait("Category", "Fuzz")]
public sealed class DockerfileFuzz(ITestOutputHelper output)
{
    private static readonly string[] Tokens =
        ["FROM ", "RUN ", "COPY ", "ADD ", "ONBUILD ", "SHELL [\"sh\"]", "<<EOF\n", "\nEOF\n", "<<-'X'", "\\\n", "`\n", "# escape=`\n", "# syntax=x\n", "${", "$(", "--mount=type=cache", "[\"a\",", "&&", "||", ";"];

    private static IReadOnlyList<byte[]> Seeds => FuzzRunner.Recorded("fixtures/dockerfiles", "*.Dockerfile");

    [Fact]
    public void Parse_HostileText_NeverThrowsAndReportsLinesInsideTheFile()
    {
        // Decoded as the linter reads files: invalid UTF-8 becomes U+FFFD, never an exception.
        var report = new FuzzRunner("dockerfile-parser", output) { Tokens = Tokens }.Run(Seeds, input =>
        {
            var text = Encoding.UTF8.GetString(input);
            var document = DockerfileParser.Parse(text, "fuzz.Dockerfile");
            var lines = text.Split('\n').Length;
            Assert.All(document.Errors, e => Assert.InRange(e.Line, 1, lines));
            Assert.All(document.Instructions, i => Assert.InRange(i.Line, 1, lines));
        });

        Assert.Equal(report.Inputs, report.Accepted);
    }

    [Fact]
    public void Lint_HostileText_NeverThrowsAndReportsLinesInsideTheFile()
    {
        var linter = new DockerfileLinter();
        var report = new FuzzRunner("dockerfile-linter", output) { Tokens = Tokens }.Run(Seeds, input =>
        {
            var text = Encoding.UTF8.GetString(input);
            var lines = text.Split('\n').Length;
            Assert.All(linter.Lint(text, "fuzz.Dockerfile").Findings, f => Assert.InRange(f.Line, 1, lines));
        });

        Assert.Equal(report.Inputs, report.Accepted);
    }
}
