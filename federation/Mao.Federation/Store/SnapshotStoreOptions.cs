namespace Mao.Federation.Store;

/// <summary>Where a site keeps its snapshots: one blob container (content-addressed) and one index table.</summary>
public sealed class SnapshotStoreOptions
{
    /// <summary>Azure Storage connection string (Azurite's for local runs).</summary>
    public required string ConnectionString { get; init; }

    public string Container { get; init; } = "snapshots";

    /// <summary>Table names are letters and digits only.</summary>
    public string IndexTable { get; init; } = "snapshotindex";

    /// <summary>Where snapshots are spooled while streaming in or out (hashing needs one full pass before upload).</summary>
    public string TempFolder { get; init; } = Path.GetTempPath();
}
