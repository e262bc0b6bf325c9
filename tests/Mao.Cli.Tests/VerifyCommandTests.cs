using System.Text.Json;
using Mao.Cli.Commands;
using Mao.Testing;

namespace Mao.Cli.Tests;

public class VerifyCommandTests
{
    [Fact]
    public void Json_IsOneDocument_WithTheTotalsAndEachSitesTally()
    {
        using var folder = new TempFolder("mao-verify-json");
        // Three sites agree on a0..a2; node3 lies about a1's pulls and alone knows a3.
        var meta = """[{"prefix":"data","index":"artifact","metrics":["pulls"],"props":["publisher"]}]""";
        foreach (var (site, rows) in new[]
                 {
                     ("node1", "a0,10,acme\na1,20,acme\na2,30,acme\n"),
                     ("node2", "a0,10,acme\na1,20,acme\na2,30,acme\n"),
                     ("node3", "a0,10,acme\na1,99999,acme\na2,30,acme\na3,40,acme\n"),
                 })
        {
            Directory.CreateDirectory(folder.Combine("in", site));
            File.WriteAllText(folder.Combine("in", site, "meta.json"), meta);
            File.WriteAllText(folder.Combine("in", site, "data.csv"), "artifact,pulls,publisher\n" + rows);
        }
        var output = new StringWriter();

        var exit = new VerifyCommand(output).Build().Parse([folder.Combine("in"), "--out", folder.Combine("out"), "--json"]).Invoke();

        Assert.True(exit == 0, output.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(["node1", "node2", "node3"], json.RootElement.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
        var prefix = json.RootElement.GetProperty("prefixes").EnumerateArray().Single();
        Assert.Equal(4, prefix.GetProperty("records").GetInt64());
        Assert.Equal(1, prefix.GetProperty("belowQuorum").GetInt64());
        var liar = prefix.GetProperty("sites").EnumerateArray().Single(s => s.GetProperty("site").GetString() == "node3");
        Assert.Equal(1, liar.GetProperty("dissented").GetInt64());
        Assert.Contains("data.truth.jsonl", json.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
    }
}
