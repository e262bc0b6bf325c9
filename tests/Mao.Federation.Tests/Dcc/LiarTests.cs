using Mao.Federation.Dcc;

namespace Mao.Federation.Tests.Dcc;

/// <summary>Where our ground truth differs from the prototype's on purpose: a lying site does not move it.</summary>
public class LiarTests
{
    private static string Csv(Func<int, string> value) =>
        "artifact,latency,publisher\n" + string.Concat(Enumerable.Range(0, 5).Select(i => $"a{i},{value(i)},{(i == 2 ? "acme" : "beta")}\n"));

    private static DccRepo FourSitesOneLiar()
    {
        var repo = DccRepo.Empty();
        var meta = DccRepo.Meta(metrics: "\"latency\"", props: "\"publisher\"");
        repo.AddBranch("node1", new Dictionary<string, string> { ["meta.json"] = meta, ["data.csv"] = Csv(i => $"{100 + i}") });
        repo.AddBranch("node2", new Dictionary<string, string> { ["meta.json"] = meta, ["data.csv"] = Csv(i => $"{101 + i}") });
        repo.AddBranch("node3", new Dictionary<string, string> { ["meta.json"] = meta, ["data.csv"] = Csv(i => $"{102 + i}") });
        repo.AddBranch("node4", new Dictionary<string, string>
        {
            ["meta.json"] = meta,
            ["data.csv"] = Csv(i => i == 3 ? "999999" : $"{101 + i}").Replace("a1,102,beta", "a1,102,evil"),
        });
        return repo;
    }

    [Fact]
    public void Run_OneLyingSiteOfFour_MeanStaysHonestAndTheLiarIsAnOutlier()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var repo = FourSitesOneLiar();
        var output = Path.Combine(repo.Folder, "out");

        DccVerification.Run(new DccVerifyRequest(repo.Path, Format: DccOutputFormat.Dcc, OutFolder: output), cancellation: timeout.Token);

        var aggregate = File.ReadAllLines(Path.Combine(output, "data_aggregate.csv"));
        Assert.Equal("artifact,latency_min,publisher_min,node_id_min,latency_max,publisher_max,node_id_max,latency_mean", aggregate[0]);
        // a3: honest 103, 104, 105; the prototype (3-sigma only beyond 10 sites) would print a mean of 250078.5.
        Assert.Equal("a3,103.0,beta,node1,105.0,beta,node3,104.0", aggregate[4]);
        Assert.Equal("a0,100.0,beta,node1,102.0,beta,node3,101.0", aggregate[1]);
        var outliers = File.ReadAllText(Path.Combine(output, "data_outliers.json"));
        Assert.Equal("[[\"a1\", \"publisher\", \"evil\", \"node4\"], [\"a3\", \"latency\", 999999, \"node4\"]]", outliers);
        var mean = File.ReadAllLines(Path.Combine(output, "data_mean.csv"));
        Assert.Equal(",artifact,publisher,latency_mean", mean[0]);
        Assert.Equal("1,a1,beta,102.0", mean[2]);
    }

    [Fact]
    public void Run_Native_NamesDissentersWithTheirValues()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var repo = FourSitesOneLiar();
        var output = Path.Combine(repo.Folder, "native");

        DccVerification.Run(new DccVerifyRequest(repo.Path, OutFolder: output), cancellation: timeout.Token);

        var rows = File.ReadAllLines(Path.Combine(output, "data.truth.csv"));
        Assert.Contains("a3,latency,104,false,,0.75,3,node1;node2;node3,node4=999999,,104,103,105,104,1,3,node1,node3", rows);
        Assert.Contains(rows, r => r.StartsWith("a1,publisher,beta,false,,0.75,3,node1;node2;node3,node4=evil", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(repo.Folder, "data.git", "refs", "heads", "main")));
    }

    [Fact]
    public void Run_TwoAgainstTwo_ContestedNotSilentlyResolved()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var repo = DccRepo.Empty();
        var meta = DccRepo.Meta(props: "\"publisher\"");
        foreach (var (site, publisher) in new[] { ("n1", "acme"), ("n2", "acme"), ("n3", "beta"), ("n4", "beta") })
        {
            repo.AddBranch(site, new Dictionary<string, string> { ["meta.json"] = meta, ["data.csv"] = $"artifact,publisher\nx,{publisher}\n" });
        }

        var result = DccVerification.Run(new DccVerifyRequest(repo.Path, OutFolder: Path.Combine(repo.Folder, "o")), cancellation: timeout.Token);

        Assert.Equal(1, result.Summaries.Single().FieldsContested);
        var row = File.ReadAllLines(Path.Combine(repo.Folder, "o", "data.truth.csv"))[1];
        Assert.Equal("x,publisher,acme,true,weakSupport;tie,0.5,2,n1;n2,n3=beta;n4=beta,,,,,,,,,", row);
    }
}
