namespace Mao.Core.Model;

/// <summary>How a field of a tool's records is compared across sites.</summary>
public enum FieldKind
{
    /// <summary>A measured number (latency, size on a given day): aggregated as mean, min, max, median.</summary>
    Performance,

    /// <summary>A number that must be the same everywhere (a tag count): voted on like a category.</summary>
    Count,

    /// <summary>A single string (publisher, licence, digest): clustered by equality after normalisation.</summary>
    Category,

    /// <summary>An unordered set of strings (architectures, vulnerability ids): clustered by similarity.</summary>
    Set,
}
