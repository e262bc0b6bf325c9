using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Mao.Federation.Store;

/// <summary>
/// Table index of stored snapshots. Each snapshot gets two rows so each question is one range query:
/// <c>tool|&lt;tool&gt;</c> rows sorted by observed-at ("snapshots of T between dates") and
/// <c>site|&lt;tool&gt;|&lt;site&gt;</c> rows sorted newest first ("latest snapshot of T at S").
/// </summary>
public sealed class SnapshotIndex(TableClient table)
{
    public string Name => table.Name;

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Adds both rows; rows are immutable and their keys contain the content id, so an existing row is the same row.</summary>
    public async Task AddAsync(SnapshotEntry entry, CancellationToken cancellationToken)
    {
        await AddOnceAsync(ToEntity(entry, ByToolPartition(entry.Tool), ByToolRow(entry)), cancellationToken);
        await AddOnceAsync(ToEntity(entry, BySitePartition(entry.Tool, entry.Site), BySiteRow(entry)), cancellationToken);
    }

    /// <summary>Snapshots of <paramref name="tool"/> observed in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public async Task<IReadOnlyList<SnapshotEntry>> BetweenAsync(string tool, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ByToolPartition(tool)} and RowKey ge {Sortable(from)} and RowKey lt {Sortable(to)}");
        var entries = new List<SnapshotEntry>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(FromEntity(entity));
        }
        return entries;
    }

    /// <summary>The newest snapshot of <paramref name="tool"/> observed at <paramref name="site"/>, or null.</summary>
    public async Task<SnapshotEntry?> LatestAsync(string tool, string site, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {BySitePartition(tool, site)}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
        {
            return page.Values.Count == 0 ? null : FromEntity(page.Values[0]);
        }
        return null;
    }

    private async Task AddOnceAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Same keys means same content id and time: the row is already what we would write.
        }
    }

    private static string ByToolPartition(string tool) => $"tool|{tool}";

    private static string BySitePartition(string tool, string site) => $"site|{tool}|{site}";

    private static string ByToolRow(SnapshotEntry entry) => $"{Sortable(entry.ObservedAt)}|{entry.Site}|{entry.ContentId}";

    /// <summary>Inverted ticks: the newest row sorts first, so the latest is the first row of the partition.</summary>
    private static string BySiteRow(SnapshotEntry entry) =>
        $"{(DateTime.MaxValue.Ticks - entry.ObservedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}|{entry.ContentId}";

    private static string Sortable(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(SnapshotEntry entry, string partition, string row) => new(partition, row)
    {
        ["ContentId"] = entry.ContentId,
        ["Tool"] = entry.Tool,
        ["ToolVersion"] = entry.ToolVersion,
        ["Site"] = entry.Site,
        ["ObservedAt"] = entry.ObservedAt,
        ["Format"] = entry.Format,
        ["RecordCount"] = entry.RecordCount,
        ["Size"] = entry.Size,
    };

    private static SnapshotEntry FromEntity(TableEntity entity) => new(
        entity.GetString("ContentId"),
        entity.GetString("Tool"),
        entity.GetString("ToolVersion"),
        entity.GetString("Site"),
        entity.GetDateTimeOffset("ObservedAt") ?? throw new Core.MaoFormatException($"index row {entity.PartitionKey}/{entity.RowKey}", "no ObservedAt"),
        entity.GetString("Format"),
        entity.GetInt64("RecordCount") ?? 0,
        entity.GetInt64("Size") ?? 0);
}
