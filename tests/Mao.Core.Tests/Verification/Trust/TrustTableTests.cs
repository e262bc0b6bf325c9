using Mao.Testing;

namespace Mao.Core.Tests.Verification.Trust;

public class TrustTableTests
{
    private const string Begin = "<!-- trust-table:begin -->";
    private const string End = "<!-- trust-table:end -->";

    /// <summary>
    /// docs/trust.md's table is this simulation's output, never typed by hand: the test fails when they differ.
    /// MAO_WRITE_TRUST_TABLE=1 rewrites the table instead.
    /// </summary>
    [Fact]
    public void TrustTable_InDocs_IsWhatTheSimulationProduces()
    {
        var path = RepoPaths.Combine("docs", "trust.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = doc.IndexOf(Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{path} lacks the {Begin} ... {End} markers");
        var table = TrustTable.Render().ReplaceLineEndings("\n");
        var current = doc[(start + Begin.Length)..end].Trim('\n');

        if (Environment.GetEnvironmentVariable("MAO_WRITE_TRUST_TABLE") == "1")
        {
            File.WriteAllText(path, doc[..(start + Begin.Length)] + "\n" + table + doc[end..]);
            return;
        }
        Assert.Equal(table.Trim('\n'), current);
    }
}
