using Mao.Testing;
using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Tests.Dockerfile;

/// <summary>
/// The official-image Dockerfiles in recorded/fixtures/dockerfiles (docker-library, see PROVENANCE.md). Each expected
/// finding was checked by reading the file: they pin what they download via ENV + sha256, but not their distribution
/// packages (DL3008/DL3018), fetch with plain `wget -O` (DL3047), pipe into sha256sum/awk without pipefail (DL4006),
/// and the Python builds `cd` into the source tree (DL3003). No syntax errors and no error-severity findings.
/// </summary>
public class OfficialDockerfileTests
{
    private static readonly string Folder = SharedData.Path("fixtures/dockerfiles");

    [Theory]
    [InlineData("docker-library-golang_1.26_alpine3.23.Dockerfile", "13:DL3018 13:DL3047 13:DL4006 115:DL3018")]
    [InlineData("docker-library-golang_1.26_bookworm.Dockerfile", "13:DL3047 13:DL4006 104:DL3008")]
    [InlineData("docker-library-golang_1.26_nanoserver-ltsc2022.Dockerfile", "")]
    [InlineData("docker-library-python_3.13_alpine3.23.Dockerfile", "13:DL3018 23:DL3003 23:DL3018 23:DL3047 23:DL4006 136:DL4006")]
    [InlineData("docker-library-python_3.13_slim-bookworm.Dockerfile", "13:DL3008 26:DL3003 26:DL3008 26:DL3047 26:DL4006 143:DL4006")]
    [InlineData("docker-library-python_3.13_windowsservercore-ltsc2022.Dockerfile", "")]
    [InlineData("docker-library-redis_7.2_alpine.Dockerfile", "16:DL3018 25:DL3018 25:DL3047 25:DL4006 56:DL3018 56:DL3019 56:DL3047 56:DL4006")]
    [InlineData("docker-library-redis_7.2_debian.Dockerfile", "15:DL3008 26:DL3008 26:DL3047 26:DL4006 63:DL3008 63:DL3047 63:DL4006")]
    public async Task Lint_OfficialDockerfile_GivesTheFindingsReadFromTheFile(string file, string expected)
    {
        var result = await new DockerfileLinter().LintFileAsync(Path.Combine(Folder, file));

        Assert.Equal(expected, string.Join(' ', result.Findings.Select(f => $"{f.Line}:{f.Rule}")));
        Assert.False(result.HasErrors);
    }

    [Fact]
    public async Task Lint_RedisDebian_NamesTheUnpinnedPackages()
    {
        var result = await new DockerfileLinter().LintFileAsync(Path.Combine(Folder, "docker-library-redis_7.2_debian.Dockerfile"));

        var pins = result.Findings.Where(f => f.Rule == "DL3008").Select(f => f.Message[(f.Message.LastIndexOf('(') + 1)..^1]).ToArray();
        Assert.Equal(["tzdata", "ca-certificates, gnupg, wget", "ca-certificates, wget, dpkg-dev, gcc, libc6-dev and 2 more"], pins);
    }

    [Fact]
    public async Task Lint_RedisAlpine_SeesTheRuntimeDepsInstallWithoutNoCache()
    {
        // line 127: apk add --no-network --virtual .redis-rundeps $runDeps (the only apk add without --no-cache)
        var result = await new DockerfileLinter().LintFileAsync(Path.Combine(Folder, "docker-library-redis_7.2_alpine.Dockerfile"));

        var apkPins = result.Findings.Single(f => f.Rule == "DL3018" && f.Line == 56);
        Assert.EndsWith("and 5 more)", apkPins.Message, StringComparison.Ordinal); // 9 build deps + $runDeps
    }

    [Fact]
    public void Context_GolangBookworm_HasTwoStagesAndResolvesGopath()
    {
        var text = File.ReadAllText(Path.Combine(Folder, "docker-library-golang_1.26_bookworm.Dockerfile"));
        var context = new LintContext(Tools.Dockerfile.Syntax.DockerfileParser.Parse(text, "golang"));

        Assert.Equal(["build", null], context.Stages.Select(s => s.Alias));
        Assert.Equal("buildpack-deps", context.Stages[1].Image.Name);
        Assert.Equal("bookworm-scm", context.Stages[1].Image.Tag);
        var workdir = context.Instructions.Single(i => i.Instruction.Is("WORKDIR"));
        Assert.Equal("/go", workdir.Expand(workdir.Instruction.Arguments, out var resolved));
        Assert.True(resolved);
    }

    [Fact]
    public void Context_PythonWindows_RunsArePowerShell()
    {
        var text = File.ReadAllText(Path.Combine(Folder, "docker-library-python_3.13_windowsservercore-ltsc2022.Dockerfile"));
        var context = new LintContext(Tools.Dockerfile.Syntax.DockerfileParser.Parse(text, "python-windows"));

        var run = context.Instructions.Single(i => i.Instruction.Is("RUN"));
        Assert.False(run.PosixShell);
        Assert.Null(run.Script);
        Assert.Equal(17, run.Instruction.Line);
        Assert.Equal(63, run.Instruction.EndLine);
    }

    [Fact]
    public void Parse_NanoserverCopy_DecodesJsonWindowsPaths()
    {
        var text = File.ReadAllText(Path.Combine(Folder, "docker-library-golang_1.26_nanoserver-ltsc2022.Dockerfile"));
        var document = Tools.Dockerfile.Syntax.DockerfileParser.Parse(text, "golang-nanoserver");

        var copy = document.Instructions.Single(i => i.Is("COPY"));
        Assert.Equal("golang:1.26.7-windowsservercore-ltsc2022", copy.FlagValue("from"));
        Assert.Equal(["C:\\\\Program Files\\\\Go", "C:\\\\Program Files\\\\Go"], copy.Json!);
        Assert.Empty(document.Errors);
    }
}
