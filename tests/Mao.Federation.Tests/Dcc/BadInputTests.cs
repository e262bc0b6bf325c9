using Mao.Core;
using Mao.Federation.Dcc;

namespace Mao.Federation.Tests.Dcc;

/// <summary>Each kind of bad input gives an error naming the file, line and column, and stores nothing.</summary>
public class BadInputTests
{
    private static readonly string Meta = DccRepo.Meta(metrics: "\"latency\"");

    private static MaoFormatException Verify(params (string Branch, Dictionary<string, string> Files)[] branches)
    {
        using var repo = DccRepo.Empty();
        foreach (var (branch, files) in branches)
        {
            repo.AddBranch(branch, files);
        }
        var error = Assert.Throws<MaoFormatException>(() => DccVerification.Run(new DccVerifyRequest(repo.Path)));
        using var git = new LibGit2Sharp.Repository(repo.Path);
        Assert.Null(git.Branches["main"]); // nothing written
        return error;
    }

    private static Dictionary<string, string> Site(string csv, string? meta = null) => new() { ["meta.json"] = meta ?? Meta, ["data.csv"] = csv };

    [Fact]
    public void Run_MissingMetaJson_NamesBranchAndFile()
    {
        var error = Verify(("a", Site("artifact,latency\nx,1\n")), ("b", new Dictionary<string, string> { ["data.csv"] = "artifact,latency\nx,1\n" }));

        Assert.Equal("branch b: meta.json: missing: every site needs the meta.json that describes its CSV files", error.Message);
    }

    [Fact]
    public void Run_MalformedMetaJson_NamesLine()
    {
        var error = Verify(("a", Site("artifact,latency\nx,1\n", "[\n {\"prefix\": \"data\",\n \"index\": }\n]")));

        Assert.Equal(("branch a: meta.json", 3), (error.Where, error.Line));
        Assert.Contains("malformed meta.json", error.Message);
    }

    [Fact]
    public void Run_MetaJsonWithoutIndex_SaysWhichEntry()
    {
        var error = Verify(("a", Site("artifact,latency\nx,1\n", "[{\"prefix\":\"data\",\"metrics\":[]}]")));

        Assert.Contains("meta.json entry 1 has no 'index'", error.Message);
    }

    [Fact]
    public void Run_HeaderLacksIndex_NamesFileLineAndColumn()
    {
        var error = Verify(("a", Site("artifact,latency\nx,1\n")), ("b", Site("name,latency\nx,1\n")));

        Assert.Equal(("branch b: data.csv", 1, "artifact"), (error.Where, error.Line, error.Column));
    }

    [Fact]
    public void Run_DuplicateKeyWithinOneSite_IsAnErrorNotAVote()
    {
        var error = Verify(("a", Site("artifact,latency\nx,1\ny,2\nx,3\n")), ("b", Site("artifact,latency\nx,1\n")));

        Assert.Equal("branch a: data.csv:4 (column 'artifact'): duplicate index value 'x' (first on line 2): a key may appear once per site (a duplicate is an error, not a vote)", error.Message);
    }

    [Fact]
    public void Run_TextInMetricColumn_NamesFileLineAndColumn()
    {
        var error = Verify(("a", Site("artifact,latency\nx,1\ny,fast\n")), ("b", Site("artifact,latency\nx,1\n")));

        Assert.Equal(("branch a: data.csv", 3, "latency"), (error.Where, error.Line, error.Column));
        Assert.Contains("'fast' is not a number", error.Message);
    }

    [Fact]
    public void Run_EmptySnapshot_IsAnError()
    {
        var error = Verify(("a", Site("artifact,latency\nx,1\n")), ("b", Site("artifact,latency\n")));

        Assert.StartsWith("branch b: data.csv:1: empty snapshot", error.Message);
    }

    [Fact]
    public void Run_NoCsvForPrefix_NamesSiteAndPrefix()
    {
        var error = Verify(("a", Site("artifact,latency\nx,1\n")), ("b", new Dictionary<string, string> { ["meta.json"] = Meta, ["other.csv"] = "artifact,latency\nx,1\n" }));

        Assert.Contains("site 'b' has no CSV file for prefix 'data'", error.Message);
    }

    [Fact]
    public void Run_UnknownBranchOrSiteTwice_ClearErrors()
    {
        using var repo = DccRepo.Empty();
        repo.AddBranch("a", Site("artifact,latency\nx,1\n"));

        var unknown = Assert.Throws<MaoFormatException>(() => DccVerification.Run(new DccVerifyRequest(repo.Path, ["a", "zz"])));
        var twice = Assert.Throws<MaoFormatException>(() => DccVerification.Run(new DccVerifyRequest(repo.Path, ["a", "a"])));
        var intoVotes = Assert.Throws<MaoFormatException>(() => DccVerification.Run(new DccVerifyRequest(repo.Path, ["a"], IntoBranch: "a")));

        Assert.Contains("branch 'zz' not found (branches: a)", unknown.Message);
        Assert.Contains("site 'a' is listed twice", twice.Message);
        Assert.Contains("receives the ground truth, it cannot also vote", intoVotes.Message);
    }

    [Fact]
    public void Run_OutputBranchCheckedOutInWorkTree_Refused()
    {
        using var folder = new Mao.Testing.TempFolder();
        using (var repo = new LibGit2Sharp.Repository(LibGit2Sharp.Repository.Init(folder.Path)))
        {
            var signature = new LibGit2Sharp.Signature("t", "t@localhost", DateTimeOffset.UnixEpoch);
            File.WriteAllText(folder.Combine("meta.json"), Meta);
            File.WriteAllText(folder.Combine("data.csv"), "artifact,latency\nx,1\n");
            LibGit2Sharp.Commands.Stage(repo, "*");
            var commit = repo.Commit("site", signature, signature, new LibGit2Sharp.CommitOptions());
            repo.Branches.Add("site1", commit);
            repo.Refs.UpdateTarget("HEAD", "refs/heads/main");
            repo.Branches.Add("main", commit);
        }

        var error = Assert.Throws<MaoFormatException>(() => DccVerification.Run(new DccVerifyRequest(folder.Path, ["site1"])));

        Assert.Contains("branch 'main' is checked out here", error.Message);
    }

    [Fact]
    public void Run_FolderWithoutOut_AsksForOut()
    {
        using var folder = new Mao.Testing.TempFolder();

        var error = Assert.Throws<MaoFormatException>(() => DccVerification.Run(new DccVerifyRequest(folder.Path)));

        Assert.Contains("needs --out", error.Message);
    }
}
