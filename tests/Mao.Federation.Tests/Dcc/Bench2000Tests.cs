using Mao.Federation.Dcc;

namespace Mao.Federation.Tests.Dcc;

/// <summary>`mao verify` on the prototype's own published repository reproduces the ground truth on its `main` branch.</summary>
public class Bench2000Tests
{
    private static readonly string[] PrototypeFiles = ["2000_aggregate.csv", "2000_mean.csv", "2000_outliers.json", "2000_concat_no_outliers.csv"];

    [Fact]
    public void Run_DccFormatOnTheThreeNodes_ReproducesThePrototypeMainBranchByteForByte()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var repo = DccRepo.Bench2000();
        var expected = repo.Files("main");
        var output = Path.Combine(repo.Folder, "out");

        var result = DccVerification.Run(new DccVerifyRequest(repo.Path, ["node1", "node2", "node3"], DccOutputFormat.Dcc, output), cancellation: timeout.Token);

        Assert.Equal(PrototypeFiles.Order(StringComparer.Ordinal), result.Files);
        foreach (var file in PrototypeFiles)
        {
            Assert.True(expected[file] == File.ReadAllText(Path.Combine(output, file)), $"{file} differs from the prototype's main branch");
        }
        Assert.Equal(2000, result.Summaries.Single().Records);
        Assert.Equal(0, result.Summaries.Single().FieldsContested);
    }

    [Fact]
    public void Run_NativeIntoMain_CommitsOnTopAndKeepsThePrototypeFiles()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var repo = DccRepo.Bench2000();
        var before = repo.Tip("main");
        var oldFiles = repo.Files("main");

        var result = DccVerification.Run(new DccVerifyRequest(repo.Path), cancellation: timeout.Token);

        Assert.Equal(["node1", "node2", "node3", "sonap", "sonapi", "sonapias", "sonapias1", "sonapias2", "sonapias3"], result.Sites);
        Assert.Equal(result.Commit, repo.Tip("main"));
        using (var git = new LibGit2Sharp.Repository(repo.Path))
        {
            Assert.Equal(before, git.Branches["main"].Tip.Parents.Single().Sha);
        }
        var files = repo.Files("main");
        Assert.All(oldFiles, old => Assert.Equal(old.Value, files[old.Key]));
        var lines = files["2000.truth.jsonl"].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2001, lines.Length);
        Assert.Contains("\"key\":\"artifact1999\"", lines[^1] + string.Join("", lines));
        Assert.Equal(2001, files["2000.truth.csv"].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Run_SameInputTwice_SecondRunMakesNoNewCommit()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var repo = DccRepo.Bench2000();
        var request = new DccVerifyRequest(repo.Path, ["node1", "node2", "node3"], DccOutputFormat.Dcc);

        var first = DccVerification.Run(request, cancellation: timeout.Token);
        var second = DccVerification.Run(request, cancellation: timeout.Token);

        // The prototype's files on main are exactly what we compute, so even the first run changes nothing.
        Assert.Equal(first.Commit, second.Commit);
        Assert.Equal(first.Commit, repo.Tip("main"));
    }
}
