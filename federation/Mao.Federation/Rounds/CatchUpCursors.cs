using Azure;
using Azure.Data.Tables;
using Mao.Federation.Configuration;
using Mao.Federation.Store;

namespace Mao.Federation.Rounds;

/// <summary>The last etcd revision a catch-up processed for one registry prefix, and the row's ETag to advance it safely.</summary>
public sealed record CatchUpCursor(string Name, long Revision, ETag ETag);

/// <summary>
/// Where the Functions app's catch-up timer remembers how far it read the registry: one row per prefix ("answers",
/// "announcements", "verified") in the site's Azure Table "cursors&lt;site&gt;" (PartitionKey "catch-up"). A host that
/// scales to zero loses its memory; this table does not.
/// </summary>
public sealed class CatchUpCursors
{
    private const string Partition = "catch-up";
    private readonly SiteTable _site;

    public CatchUpCursors(FederationSettings settings)
    {
        _site = new SiteTable(settings, "cursors");
    }

    public string Name => Table.Name;

    /// <summary>The cursor, at revision 0 (read everything) when none was saved yet.</summary>
    public async Task<CatchUpCursor> ReadAsync(string name, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, name, cancellationToken: cancellationToken);
        return row.HasValue
            ? new CatchUpCursor(name, row.Value!.GetInt64("revision") ?? 0, row.Value.ETag)
            : new CatchUpCursor(name, 0, default);
    }

    /// <summary>
    /// Moves the cursor forward to <paramref name="revision"/>. False when another instance moved it since
    /// <paramref name="read"/> was read: its value stands (both read the same messages, and handling them is idempotent).
    /// </summary>
    public async Task<bool> AdvanceAsync(CatchUpCursor read, long revision, CancellationToken cancellationToken)
    {
        if (revision <= read.Revision)
        {
            return true;
        }
        var entity = new TableEntity(Partition, read.Name) { ["revision"] = revision, ["savedAt"] = DateTimeOffset.UtcNow };
        try
        {
            if (read.ETag == default)
            {
                await Table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await Table.UpdateEntityAsync(entity, read.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private Task EnsureAsync(CancellationToken cancellationToken) => _site.EnsureAsync(cancellationToken);

    private TableClient Table => _site.Client;
}
