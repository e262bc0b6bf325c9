using System.Globalization;
using Mao.Core;
using Mao.Testing;
using Mao.Tools.Sar;

namespace Mao.Tools.Tests.Sar;

/// <summary>The prototype's two real consecutive daily catalogue files, checked against its own daily totals (autostats.csv).</summary>
public class SarCsvTests
{
    private static List<SarApplication> Day(string date) => SarCsv.ReadFile(SharedData.Path($"data/aws-sar/autocontents-{date}.csv"));

    private static (int Total, int NoCaps, int Caps) Stats(string date)
    {
        var row = File.ReadLines(SharedData.Path("data/aws-sar/autostats.csv")).Single(l => l.StartsWith(date + ",", StringComparison.Ordinal)).Split(',');
        return (int.Parse(row[1], CultureInfo.InvariantCulture), int.Parse(row[2], CultureInfo.InvariantCulture), int.Parse(row[3], CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2020-02-15")]
    [InlineData("2020-02-16")]
    public void ReadFile_RealDay_MatchesThatDaysTotals(string date)
    {
        var apps = Day(date);
        var (total, noCaps, caps) = Stats(date);
        Assert.Equal(total, apps.Count);
        Assert.Equal(caps, apps.Count(a => a.RequiredCapabilitiesForLatestVersion!.Count > 0));
        Assert.Equal(noCaps, apps.Count(a => a.RequiredCapabilitiesForLatestVersion!.Count == 0));
        Assert.Equal(apps.Count, apps.Select(a => a.Id).Distinct().Count());
        Assert.All(apps, a => Assert.StartsWith("arn:aws:serverlessrepo:", a.Id));
        Assert.Contains(apps, a => a.Labels!.Count > 1);
    }

    [Fact]
    public void Diff_TwoRealDays_DeploymentCountsOnlyGrow()
    {
        var before = Day("2020-02-15");
        var after = Day("2020-02-16");

        var diff = SarDiff.Between(before, after);

        Assert.Equal(after.Count, before.Count + diff.Added.Count - diff.Removed.Count);
        Assert.NotEmpty(diff.DeploymentChanges);
        Assert.All(diff.DeploymentChanges, c => Assert.True(c.Delta > 0, $"{c.Id}: deployments are cumulative, {c.Before} -> {c.After}"));
        var unchanged = before.Count - diff.Removed.Count - diff.DeploymentChanges.Count;
        var sameCount = before.Join(after, a => a.Id, b => b.Id, (a, b) => a.DeploymentCount == b.DeploymentCount).Count(same => same);
        Assert.Equal(unchanged, sameCount);
        Assert.Equal(diff.DeploymentChanges.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id), diff.DeploymentChanges.Select(c => c.Id));
    }

    [Fact]
    public void Diff_AppAddedAndRemoved_Detected()
    {
        var before = Day("2020-02-15");
        var after = Day("2020-02-16").Skip(1).Append(before[0] with { Id = "arn:aws:serverlessrepo:us-east-1:000000000000:applications/new-app" }).ToList();

        var diff = SarDiff.Between(before, after);

        Assert.Equal("arn:aws:serverlessrepo:us-east-1:000000000000:applications/new-app", Assert.Single(diff.Added).Id);
        Assert.Equal(Day("2020-02-16")[0].Id, Assert.Single(diff.Removed).Id);
    }

    [Fact]
    public void Read_UnterminatedQuote_ErrorNamesLine()
    {
        var csv = "a,arn:aws:x,p,1,,d,,\nb,arn:aws:y,p,2,\"l1,l2,d,,\n";
        var error = Assert.Throws<MaoFormatException>(() => SarCsv.Read(new StringReader(csv), "day.csv"));
        Assert.Equal(2, error.Line);
        Assert.Contains("day.csv", error.Message);
    }

    [Fact]
    public void Read_WrongColumnCountOrBadNumber_ErrorNamesLineAndColumn()
    {
        var tooFew = Assert.Throws<MaoFormatException>(() => SarCsv.Read(new StringReader("a,arn:aws:x,p,1,,d,,\nb,arn:aws:y,p\n"), "f.csv"));
        Assert.Equal(2, tooFew.Line);
        var badNumber = Assert.Throws<MaoFormatException>(() => SarCsv.Read(new StringReader("a,arn:aws:x,p,many,,d,,\n"), "f.csv"));
        Assert.Equal("deploymentCount", badNumber.Column);
    }

    [Fact]
    public void Read_QuotedCommasQuotesAndNewlines_KeptInField()
    {
        var apps = SarCsv.Read(new StringReader("n,arn:aws:x,\"Pub, Inc\",5,\"a,b\",\"says \"\"hi\"\"\nover lines\",,CAPABILITY_IAM\n"), "f.csv");
        var app = Assert.Single(apps);
        Assert.Equal("Pub, Inc", app.PublisherAlias);
        Assert.Equal(["a", "b"], app.Labels);
        Assert.Equal("says \"hi\"\nover lines", app.Description);
        Assert.Equal(["CAPABILITY_IAM"], app.RequiredCapabilitiesForLatestVersion);
    }
}
