using Mao.Cli.Commands;
using Mao.Orchestrations.Local;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Integration;

/// <summary>`mao smoke` (what `./mao demo` runs): one round over the real recorded AWS SAR days on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SmokeRunTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _data = new("mao-smoke");

    [Fact]
    public async Task SmokeRun_OverTheRecordedAwsSarDays_PublishesAGroundTruthOfEveryApplication()
    {
        using var timeout = TestSites.Timeout(90);
        var sar = SharedData.Path("data/aws-sar");

        var exitCode = await SmokeCommand.RunAndPrintAsync(azurite.ConnectionString, _data.Path, sar, windowSeconds: 10, timeout.Token);

        Assert.Equal(0, exitCode);
        var folder = new SiteDataFolder(_data.Combine("site-a"));
        var published = Assert.Single(Directory.GetFiles(folder.PublishedFolder("aws-sar"), "*.jsonl"));
        var truth = TestSnapshots.Read(published);
        var applications = File.ReadLines(Path.Combine(sar, "autocontents-2020-02-16.csv")).Count(line => line.Contains(",arn:aws:serverlessrepo:", StringComparison.Ordinal));
        Assert.Equal(applications, truth.Records.Count);
        Assert.Equal(["site-b", "site-c"], new ActivityJournal(folder).ReadAll().Where(e => e.Activity == "fetch").Select(e => e.Site).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _data.Dispose();
}
