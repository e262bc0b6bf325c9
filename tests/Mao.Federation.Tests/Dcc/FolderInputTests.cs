using Mao.Federation.Dcc;

namespace Mao.Federation.Tests.Dcc;

public class FolderInputTests
{
    [Fact]
    public void Run_FolderOfSiteFolders_SameGroundTruthAsTheBranches()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var repo = DccRepo.Bench2000();
        var input = Path.Combine(repo.Folder, "sites");
        foreach (var site in new[] { "node1", "node2", "node3" })
        {
            Directory.CreateDirectory(Path.Combine(input, site));
            foreach (var (name, text) in repo.Files(site))
            {
                File.WriteAllText(Path.Combine(input, site, name), text);
            }
        }
        var output = Path.Combine(input, "result"); // inside the input: must not be taken for a site

        var result = DccVerification.Run(new DccVerifyRequest(input, Format: DccOutputFormat.Dcc, OutFolder: output), cancellation: timeout.Token);

        Assert.Equal(["node1", "node2", "node3"], result.Sites);
        Assert.Equal(repo.Files("main")["2000_aggregate.csv"], File.ReadAllText(Path.Combine(output, "2000_aggregate.csv")));
        Assert.Equal(repo.Files("main")["2000_mean.csv"], File.ReadAllText(Path.Combine(output, "2000_mean.csv")));
    }
}
