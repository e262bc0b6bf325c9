using System.Text;
using Mao.Core;
using Mao.Testing;
using Mao.Testing.Fuzz;
using Mao.Tools.Sar;
using Xunit.Abstractions;

namespace Mao.Tools.Tests.Fuzz;

[Trait("Category", "Fuzz")]
public sealed class SarCsvFuzz(ITestOutputHelper output)
{
    [Fact]
    public void Read_HostileCatalogueFile_ReadsOrIsAFormatError()
    {
        var lines = File.ReadAllLines(SharedData.Path("data/aws-sar/autocontents-2020-02-15.csv")).Take(15);
        var seed = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        var report = new FuzzRunner("sar-csv", output).Run([seed], input =>
        {
            var reader = new StreamReader(new MemoryStream(input), new UTF8Encoding(false, throwOnInvalidBytes: true));
            var apps = SarCsv.Read(reader, "autocontents.csv");
            // What is read is usable downstream: every application has an ARN and a non-negative count.
            Assert.All(apps, a => Assert.True(a.Id!.StartsWith("arn:", StringComparison.Ordinal) && a.DeploymentCount >= 0));
            apps.ForEach(a => SarRecords.Build(a));
        }, typeof(MaoFormatException));

        Assert.True(report.Accepted >= 1, "the unmutated seed must read");
    }
}
