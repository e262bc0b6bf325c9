using FsCheck;
using FsCheck.Xunit;
using Mao.Core.Insights;
using Mao.Core.Model;

namespace Mao.Core.Tests.Insights;

public class SnapshotSeriesTests
{
    private static readonly MetricSchema TagSchema = new("tag",
    [
        new FieldSpec("architectures", FieldKind.Set), new FieldSpec("os", FieldKind.Set),
        new FieldSpec("publisher", FieldKind.Category), new FieldSpec("size", FieldKind.Count),
    ]);

    private static readonly string[] ArchitecturePool = ["amd64", "arm/v7", "arm/v6", "arm64/v8", "s390x", "386"];

    private static Snapshot Day(int day, params (string[] Archs, double? Size)[] tags) =>
        new(new SnapshotHeader("dockerhub-tags", "1", "site-a", new DateTimeOffset(2020, 1, 1, 3, 30, 0, TimeSpan.Zero).AddDays(day), TagSchema),
            tags.Select((t, i) => new SnapshotRecord($"library/x:{i}",
                [FieldValue.OfSet(t.Archs), FieldValue.OfSet(["linux"]), FieldValue.Of("library"), t.Size is { } s ? FieldValue.Of(s) : FieldValue.Missing])));

    [Property(MaxTest = 200)]
    public bool CountContaining_PerDay_EqualsCountingByHand(PositiveInt[][] days, bool[] observed)
    {
        // Tag i of a day has the architectures picked by the bits of its number; unobserved days have no snapshot.
        var tags = days.Take(observed.Length).Select(d => d.Select(n => ArchitecturePool.Where((_, bit) => (n.Get >> bit & 1) == 1).ToArray()).ToArray()).ToArray();
        var snapshots = tags.Select((t, d) => (Day: d, Tags: t)).Where(x => observed[x.Day])
            .Select(x => new VerifiedSnapshot(Day(x.Day, x.Tags.Select(a => (a, (double?)1.0)).ToArray()), 3)).ToArray();
        var arm = SnapshotSeries.Build("arm", snapshots, SnapshotMetric.CountContaining("architectures", "arm", matchVariants: true));
        var expected = tags.Select((t, d) => (Day: d, Count: t.Count(a => a.Contains("arm/v7") || a.Contains("arm/v6")))).Where(x => observed[x.Day]).ToArray();
        return arm.Points.Select(p => (p.Date.DayNumber - new DateOnly(2020, 1, 1).DayNumber, (int)p.Value)).SequenceEqual(expected.Select(e => (e.Day, e.Count)))
               && arm.Points.All(p => p.Support == 3);
    }

    [Fact]
    public void ShareWithMoreThanOne_IsTheMultiArchitectureShare_AndASetFieldIsRequired()
    {
        var day = Day(0, (["amd64", "arm64/v8"], 1), (["amd64"], 1), (["amd64", "arm/v7", "s390x"], 1), ([], 1));

        Assert.Equal(0.5, SnapshotMetric.ShareWithMoreThan("architectures", 1).Measure(day, "t"));
        Assert.Equal(0.25, SnapshotMetric.ShareWithMoreThan("architectures", 2).Measure(day, "t"));
        Assert.Contains("needs set", Assert.Throws<MaoFormatException>(() => SnapshotMetric.ShareWithMoreThan("size", 1).Measure(day, "t")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchVariants_CountsArmV7ButNeverArm64()
    {
        var day = Day(0, (["arm/v7"], 1), (["arm64/v8"], 1), (["arm"], 1), (["amd64"], 1));
        Assert.Equal(2, SnapshotMetric.CountContaining("architectures", "arm", matchVariants: true).Measure(day, "t"));
        Assert.Equal(1, SnapshotMetric.CountContaining("architectures", "arm").Measure(day, "t"));
        Assert.Equal(4, SnapshotMetric.CountContaining("publisher", "library").Measure(day, "t"));
    }

    [Fact]
    public void SumAndMean_SkipMissingValues_AndAMeanOverNothingIsAGap()
    {
        var snapshots = new[]
        {
            new VerifiedSnapshot(Day(0, (["amd64"], 10), (["amd64"], null), (["amd64"], 20))),
            new VerifiedSnapshot(Day(1, (["amd64"], null))),
        };
        var mean = SnapshotSeries.Build("size", snapshots, SnapshotMetric.Mean("size"));
        var sum = SnapshotSeries.Build("size", snapshots, SnapshotMetric.Sum("size"));
        Assert.Equal([15.0], mean.Points.Select(p => p.Value));
        Assert.Equal([30.0, 0], sum.Points.Select(p => p.Value));
    }

    [Fact]
    public void TwoSnapshotsOnOneDay_AreAnError()
    {
        var error = Assert.Throws<MaoFormatException>(() => SnapshotSeries.Build("n",
            [new VerifiedSnapshot(Day(0, (["amd64"], 1))), new VerifiedSnapshot(Day(0, (["s390x"], 1)))], SnapshotMetric.CountRecords()));
        Assert.Contains("a second snapshot for 2020-01-01", error.Message);
    }

    [Theory]
    [InlineData("platforms", "tool 'dockerhub-tags' has no field 'platforms' (has: architectures, os, publisher, size)")]
    [InlineData("architectures", "field 'architectures' is set; this metric needs count or performance")]
    public void WrongField_IsAnErrorNamingIt(string field, string problem)
    {
        var error = Assert.Throws<MaoFormatException>(() => SnapshotMetric.Sum(field).Measure(Day(0, (["amd64"], 1)), "day 0"));
        Assert.Equal($"day 0: {problem}", error.Message);
    }

    [Fact]
    public void DatedRecords_OfTheDockerHubArchTool_BecomeASeriesWithGaps()
    {
        var schema = new MetricSchema("date", [new FieldSpec("amd64_images", FieldKind.Count)]);
        var snapshot = new Snapshot(new SnapshotHeader("dockerhub-arch", "1", "site-a", DateTimeOffset.UnixEpoch, schema),
        [
            new SnapshotRecord("2019-11-11 00:00:00", [FieldValue.Of(4041)]),
            new SnapshotRecord("2019-11-13", [FieldValue.Of(4044)]),
            new SnapshotRecord("2019-11-14", [FieldValue.Missing]),
        ]);
        var series = SnapshotSeries.FromDatedRecords(snapshot, "amd64_images", support: 2);
        Assert.Equal([(new DateOnly(2019, 11, 11), 4041.0, (int?)2), (new DateOnly(2019, 11, 13), 4044.0, 2)],
            series.Points.Select(p => (p.Date, p.Value, p.Support)));
    }
}
