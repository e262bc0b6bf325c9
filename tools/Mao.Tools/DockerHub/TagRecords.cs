using System.Globalization;
using Mao.Core.Model;
using Mao.Tools.Manifests;

namespace Mao.Tools.DockerHub;

/// <summary>Turns a Hub tag and its platforms into a dockerhub-tags record, and reads back what incremental crawls need.</summary>
public static class TagRecords
{
    public const string FromHubImages = "hub-images";
    public const string FromRegistryIndex = "registry-index";
    public const string NoPlatforms = "none";

    /// <summary>Read from the registry, but some images' platforms could not be determined: the set lists those that could.</summary>
    public const string UnknownPlatforms = "registry-unknown";

    private static readonly MetricSchema Schema = ToolManifests.DockerHubTags.Schema;
    private static readonly int DigestField = Schema.IndexOf("digest");
    private static readonly int RepositoryField = Schema.IndexOf("repository");
    private static readonly int UpdatedField = Schema.IndexOf("repository_updated");
    private static readonly int SourceField = Schema.IndexOf("platform_source");
    private static readonly int PlatformsField = Schema.IndexOf("platforms");
    private static readonly int ArchitecturesField = Schema.IndexOf("architectures");
    private static readonly int OsField = Schema.IndexOf("os");
    private static readonly int OsVersionsField = Schema.IndexOf("os_versions");

    public static string Key(string repository, string tag) => $"{repository}:{tag}";

    /// <summary>The platforms a Hub tag lists in images[]: inactive images and attestations left out.</summary>
    public static List<Platform> PlatformsOf(HubTag tag) =>
        (tag.Images ?? [])
            .Where(i => !string.Equals(i.Status, "inactive", StringComparison.OrdinalIgnoreCase))
            .Select(i => Platform.From(i.Os, i.Architecture, i.Variant, i.OsVersion))
            .OfType<Platform>()
            .Distinct()
            .ToList();

    public static SnapshotRecord Build(
        string repository, DateTimeOffset? repositoryUpdated, HubTag tag, string? digest,
        IReadOnlyCollection<Platform> platforms, string source)
    {
        var values = new FieldValue[Schema.Fields.Count];
        values[RepositoryField] = FieldValue.Of(Shared(repository));
        values[Schema.IndexOf("tag")] = FieldValue.Of(tag.Name!);
        values[DigestField] = Text(digest ?? tag.Digest ?? tag.Images?.Select(i => i.Digest).FirstOrDefault(d => d is not null));
        values[PlatformsField] = FieldValue.OfSet(platforms.Select(p => Shared(p.Name)));
        values[ArchitecturesField] = FieldValue.OfSet(platforms.Select(p => Shared(p.ArchitectureWithVariant)));
        values[OsField] = FieldValue.OfSet(platforms.Select(p => Shared(p.Os)));
        values[OsVersionsField] = FieldValue.OfSet(platforms.Select(p => p.OsVersion).OfType<string>().Select(Shared));
        var size = tag.FullSize ?? tag.Images?.Sum(i => i.Size ?? 0);
        values[Schema.IndexOf("size")] = size is { } s ? FieldValue.Of(s) : FieldValue.Missing;
        var pushed = tag.TagLastPushed ?? tag.LastUpdated ?? tag.Images?.Max(i => i.LastPushed);
        values[Schema.IndexOf("last_pushed")] = Text(pushed is { } p ? Iso(p) : null);
        values[UpdatedField] = Text(repositoryUpdated is { } u ? Shared(Iso(u)) : null);
        values[SourceField] = FieldValue.Of(source);
        return new SnapshotRecord(Key(repository, tag.Name!), values);
    }

    /// <summary>Copies a previous record's platforms onto a fresh record of the same digest (the registry was not asked again).</summary>
    public static SnapshotRecord WithPlatformsOf(SnapshotRecord fresh, SnapshotRecord previous)
    {
        var values = (FieldValue[])fresh.Values.Clone();
        foreach (var field in new[] { PlatformsField, ArchitecturesField, OsField, OsVersionsField, SourceField })
        {
            values[field] = previous.Values[field];
        }
        return fresh with { Values = values };
    }

    public static string? Digest(SnapshotRecord record) => TextOf(record.Values[DigestField]);
    public static string? Repository(SnapshotRecord record) => TextOf(record.Values[RepositoryField]);
    public static string? RepositoryUpdated(SnapshotRecord record) => TextOf(record.Values[UpdatedField]);
    public static string? Source(SnapshotRecord record) => TextOf(record.Values[SourceField]);
    public static IReadOnlyList<string> Platforms(SnapshotRecord record) =>
        record.Values[PlatformsField].Kind == FieldValueKind.Set ? record.Values[PlatformsField].Set : [];

    /// <summary>
    /// Platform names, OS names and repository names repeat across hundreds of thousands of records: one copy of each
    /// keeps a large crawl's memory down. Bounded, so odd values cannot grow it without limit.
    /// </summary>
    private static string Shared(string value)
    {
        if (Pool.TryGetValue(value, out var shared))
        {
            return shared;
        }
        return Pool.Count < 100_000 ? Pool.GetOrAdd(value, value) : value;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    public static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static FieldValue Text(string? text) => text is null ? FieldValue.Missing : FieldValue.Of(text);

    private static string? TextOf(FieldValue value) => value.Kind == FieldValueKind.Text ? value.Text : null;
}
