using System.Globalization;
using Mao.Core.Model;
using Mao.Tools.Manifests;

namespace Mao.Tools.DockerHub;

/// <summary>
/// The paper's daily figures from a dockerhub-tags snapshot, in the columns of the earlier prototype's time series
/// (dockerhub-arch-timeseries): an image is one platform of one tag, so a tag built for amd64 and arm64 is two images.
/// </summary>
public static class ArchitectureCounts
{
    private static readonly (string Column, Func<Platform, bool> Counts)[] Columns =
    [
        ("arm_images", p => p.Architecture == "arm"),
        ("arm64_images", p => p.Architecture == "arm64"),
        ("ppc64le_images", p => p.Architecture == "ppc64le"),
        ("x386_images", p => p.Architecture == "386"),
        ("amd64_images", p => p.Architecture == "amd64"),
        ("s390x_images", p => p.Architecture == "s390x"),
        ("linux_images", p => p.Os == "linux"),
        ("windows_images", p => p.Os == "windows"),
    ];

    public static Snapshot Aggregate(Snapshot tags, string site, DateTimeOffset observedAt)
    {
        var schema = ToolManifests.DockerHubArch.Schema;
        var counts = new double[schema.Fields.Count];
        long tagCount = 0, imageCount = 0, latestImages = 0, multiArchTags = 0;
        foreach (var record in tags.Records)
        {
            var platforms = TagRecords.Platforms(record).Select(Parse).ToList();
            tagCount++;
            imageCount += platforms.Count;
            if (record.Key.EndsWith(":latest", StringComparison.Ordinal))
            {
                latestImages += platforms.Count;
            }
            if (platforms.Count > 1)
            {
                multiArchTags++;
            }
            foreach (var platform in platforms)
            {
                foreach (var (column, applies) in Columns)
                {
                    if (applies(platform))
                    {
                        counts[schema.IndexOf(column)]++;
                    }
                }
            }
        }
        counts[schema.IndexOf("tag_count")] = tagCount;
        counts[schema.IndexOf("image_count")] = imageCount;
        counts[schema.IndexOf("latest_images")] = latestImages;
        counts[schema.IndexOf("multiarch_share")] = tagCount == 0 ? 0 : (double)multiArchTags / tagCount;
        var header = new SnapshotHeader(ToolManifests.DockerHubArch.Name, ToolManifests.DockerHubArch.Version, site, observedAt, schema);
        var key = observedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new Snapshot(header, [new SnapshotRecord(key, counts.Select(FieldValue.Of).ToArray())]);
    }

    /// <summary>Reads back a platform name <c>os/arch[/variant]</c> as written by <see cref="Platform.Name"/>.</summary>
    private static Platform Parse(string name)
    {
        var parts = name.Split('/');
        return new Platform(parts[0], parts.Length > 1 ? parts[1] : "", parts.Length > 2 ? parts[2] : null, null);
    }
}
