using Mao.Core;
using Mao.Tools.Manifests;

namespace Mao.Tools.Tests.Manifests;

public class ToolManifestsTests
{
    public static TheoryData<string> Names => [.. ToolManifests.All.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Manifest_IsValid_WithSixFieldSchedule(string name)
    {
        var manifest = ToolManifests.All.Single(m => m.Name == name);
        manifest.Validate(name);
        var schedule = Schedules.Parse(manifest.Schedule, name);
        var next = schedule.GetNextOccurrence(new DateTime(2020, 2, 15, 12, 0, 0));
        Assert.Equal(new DateTime(2020, 2, 16), next.Date); // each runs once a day, early morning
    }

    [Fact]
    public void Names_AreTheDocumentedIds() =>
        Assert.Equal(["dockerhub-tags", "dockerhub-arch", "artifacthub-helm", "aws-sar"], ToolManifests.All.Select(m => m.Name));

    [Fact]
    public void Parse_FiveFieldCron_RejectedWithExplanation()
    {
        var error = Assert.Throws<MaoFormatException>(() => Schedules.Parse("0 3 * * *", "manifest.json"));
        Assert.Contains("6", error.Problem);
    }

    [Fact]
    public void Parse_Garbage_Rejected() => Assert.Throws<MaoFormatException>(() => Schedules.Parse("0 0 25 * * *", "m"));
}
