using Mao.Core.Model;

namespace Mao.Tools.DockerHub;

/// <summary>The previous dockerhub-tags snapshot, indexed for incremental crawls: records by key and by repository.</summary>
public sealed class PreviousTags
{
    private readonly Dictionary<string, SnapshotRecord> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SnapshotRecord>> _byRepository = new(StringComparer.Ordinal);

    public PreviousTags(Snapshot? previous)
    {
        foreach (var record in previous?.Records ?? [])
        {
            _byKey[record.Key] = record;
            if (TagRecords.Repository(record) is { } repository)
            {
                if (!_byRepository.TryGetValue(repository, out var list))
                {
                    _byRepository[repository] = list = [];
                }
                list.Add(record);
            }
        }
    }

    public IEnumerable<string> Repositories => _byRepository.Keys;

    public SnapshotRecord? Get(string key) => _byKey.GetValueOrDefault(key);

    public IReadOnlyList<SnapshotRecord> Of(string repository) => _byRepository.GetValueOrDefault(repository) ?? [];

    /// <summary>True when the repository's last_updated is the one recorded last time: its tags need no fetching.</summary>
    public bool IsUnchanged(string repository, DateTimeOffset? lastUpdated) =>
        lastUpdated is { } updated &&
        _byRepository.TryGetValue(repository, out var records) &&
        records.Count > 0 &&
        records.All(r => TagRecords.RepositoryUpdated(r) == TagRecords.Iso(updated));
}
