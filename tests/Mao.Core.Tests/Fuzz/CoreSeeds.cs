using System.Text;
using Mao.Core.Csv;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Testing;

namespace Mao.Core.Tests.Fuzz;

/// <summary>Real inputs the core parsers' fuzz tests mutate: heads of the recorded CSVs and snapshots made from them.</summary>
internal static class CoreSeeds
{
    /// <summary>The recorded Docker Hub time series as the tool's manifest would describe it (numbers) plus a set and a category.</summary>
    public static readonly SnapshotHeader ArchHeader = new("dockerhub-arch", "1.0.0", "site-a", new DateTimeOffset(2020, 6, 17, 0, 0, 0, TimeSpan.Zero),
        new MetricSchema("date", [new FieldSpec("tag_count", FieldKind.Count), new FieldSpec("arm_images", FieldKind.Performance),
            new FieldSpec("windows_images", FieldKind.Performance)]));

    public static readonly SnapshotHeader MixedHeader = new("tool", "1", "site", DateTimeOffset.UnixEpoch,
        new MetricSchema("key", [new FieldSpec("latency", FieldKind.Performance), new FieldSpec("os", FieldKind.Category),
            new FieldSpec("archs", FieldKind.Set), new FieldSpec("pulls", FieldKind.Count)]));

    public static readonly byte[] MixedCsv = Encoding.UTF8.GetBytes(
        "key,latency,os,archs,pulls\r\n\"a,1\",1.5,linux,amd64|arm64,12\n\"b \"\"q\"\"\",,\"multi\nline\",,7\nc,-2e3,windows,s390x,\n");

    /// <summary>The first lines of a recorded file: small seeds mutate faster and still carry its shape.</summary>
    public static byte[] Head(string relative, int lines)
    {
        var text = File.ReadAllText(SharedData.Path(relative));
        return Encoding.UTF8.GetBytes(string.Join('\n', text.Split('\n').Take(lines)) + "\n");
    }

    public static IReadOnlyList<byte[]> Csv() =>
    [
        Head("data/dockerhub-arch-timeseries-2019-11-11_2020-06-17.csv", 30),
        Head("data/aws-sar/autocontents-2020-02-15.csv", 12),
        Head("data/aws-sar/autostats.csv", 20),
        MixedCsv,
    ];

    public static IReadOnlyList<byte[]> JsonLines() =>
    [
        SnapshotJsonLines.ToBytes(CsvSnapshotReader.Read(new MemoryStream(Csv()[0]), ArchHeader, "arch.csv")),
        SnapshotJsonLines.ToBytes(CsvSnapshotReader.Read(new MemoryStream(MixedCsv), MixedHeader, "mixed.csv")),
    ];
}
