using Mao.Tools.Dockerfile.Shell;

namespace Mao.Tools.Tests.Dockerfile;

public class ShellScriptTests
{
    private static string[] Names(string script) => ShellScript.Parse(script).Commands.Select(c => c.Name).ToArray();

    [Fact]
    public void Parse_Separators_SplitCommands()
    {
        Assert.Equal(["set", "apt-get", "apt-get", "rm", "echo"], Names("set -eux; apt-get update && apt-get install -y x || rm -rf /tmp & echo done"));
    }

    [Fact]
    public void Parse_Quotes_AreRemovedAndHideOperators()
    {
        var script = ShellScript.Parse("grep -F 'cd jemalloc && ./configure ' Makefile; echo \"a | b\" 'c'\"d\"");

        Assert.Equal(["grep", "echo"], script.Commands.Select(c => c.Name));
        Assert.Equal(["-F", "cd jemalloc && ./configure ", "Makefile"], script.Commands[0].Arguments);
        Assert.Equal(["a | b", "cd"], script.Commands[1].Arguments);
        Assert.False(script.HasPipes);
    }

    [Fact]
    public void Parse_Pipes_AreDetectedButOrIsNotAPipe()
    {
        Assert.True(ShellScript.Parse("echo x | sha256sum -c -").HasPipes);
        Assert.False(ShellScript.Parse("test -f x || exit 1").HasPipes);
    }

    [Fact]
    public void Parse_CommandSubstitution_CommandsAndPipesInsideCount()
    {
        var script = ShellScript.Parse("arch=\"$(dpkg --print-architecture | awk -F- '{ print $NF }')\"; echo `uname -m`");

        Assert.Equal(["echo", "dpkg", "awk", "uname"], script.Commands.Select(c => c.Name));
        Assert.True(script.HasPipes);
    }

    [Fact]
    public void Parse_AssignmentsBeforeCommand_AreSkipped()
    {
        var script = ShellScript.Parse("DEBIAN_FRONTEND=noninteractive LANG=C apt-get install -y x; url=; GNUPGHOME=\"$(mktemp -d)\"");

        Assert.Equal(["apt-get", "mktemp"], script.Commands.Select(c => c.Name));
    }

    [Fact]
    public void Parse_CaseStatement_PatternsAreNotCommands()
    {
        var script = ShellScript.Parse("case \"$arch\" in 'amd64') url=a; sha=b ;; x86_64|aarch64) wget -q $url ;; *) echo >&2 \"bad\"; exit 1 ;; esac; rm x");

        Assert.Equal(["wget", "echo", "exit", "rm"], script.Commands.Select(c => c.Name));
        Assert.False(script.HasPipes);
    }

    [Fact]
    public void Parse_LoopsAndConditionals_FindTheCommandsInside()
    {
        // commands of substitutions come after the script's own
        Assert.Equal(["[", "ln", "[", "touch", "tr"],
            Names("for src in idle3 pip3; do dst=\"$(echo | tr -d 3)\"; [ -s x ]; ln -s a b; done; if [ \"$a\" = 'x' ]; then touch f; fi").Where(n => n != "echo"));
        Assert.Equal(["echo", "echo"], Names("{ echo; echo 'GOARM=7'; } >> /usr/local/go/go.env"));
    }

    [Fact]
    public void Parse_Redirections_AreNotArguments()
    {
        var command = ShellScript.Parse("apt-mark auto '.*' > /dev/null 2>&1").Commands.Single();

        Assert.Equal(["auto", ".*"], command.Arguments);
    }

    [Fact]
    public void Parse_MultiLineScriptWithHeredocAndComments_SkipsBodyAndComments()
    {
        var script = ShellScript.Parse("# setup\ncat > /etc/conf <<EOF\napt-get install notacommand\nEOF\nrm -f x # trailing\n");

        Assert.Equal(["cat", "rm"], script.Commands.Select(c => c.Name));
        Assert.Equal(["-f", "x"], script.Commands[1].Arguments);
    }

    [Fact]
    public void Parse_UnterminatedConstructs_DoNotThrow()
    {
        foreach (var text in new[] { "echo 'open", "echo \"open $(", "echo $(( 1 +", "echo `x", "case x in a) ", "echo ${", "((", ")", ";;", "|" })
        {
            var script = ShellScript.Parse(text);
            Assert.NotNull(script);
        }
    }

    [Fact]
    public void Flags_ShortAndLongForms_AreSplit()
    {
        var command = new ShellCommand("apt-get", ["-qqy", "--no-install-recommends", "--target-release=bookworm", "install", "-", "--", "x"]);

        Assert.Equal(["q", "q", "y", "no-install-recommends", "target-release"], command.Flags);
        Assert.Equal(2, command.CountFlag("q"));
        Assert.Equal(["install", "-", "--", "x"], command.Operands());
    }

    [Fact]
    public void Operands_FlagWithValue_DropsTheValue()
    {
        var command = new ShellCommand("apk", ["add", "--no-cache", "--virtual", ".build-deps", "-t", "grp", "--repository=x", "gcc"]);

        Assert.Equal(["add", "gcc"], command.Operands("virtual", "t", "repository"));
    }
}
