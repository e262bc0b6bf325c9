using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Federation.Store;

namespace Mao.Federation.Tests.Git;

internal static class GitTestData
{
    public static readonly DateTimeOffset Day0 = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static SnapshotEntry Entry(Snapshot snapshot) =>
        SnapshotEntry.Of(snapshot.Header, snapshot.ContentId, snapshot.Records.Count, SnapshotJsonLines.ToBytes(snapshot).Length);

    public static string Commit(DatasetRepository repository, Snapshot snapshot) =>
        repository.CommitSnapshot(new MemoryStream(SnapshotJsonLines.ToBytes(snapshot)), Entry(snapshot));

    public static string CommitGroundTruth(DatasetRepository repository, Snapshot snapshot, string period, string round) =>
        repository.CommitGroundTruth(new MemoryStream(SnapshotJsonLines.ToBytes(snapshot)), Entry(snapshot), period, round);

    public static string Period(int day) => Day0.AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
