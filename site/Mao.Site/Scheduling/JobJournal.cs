using Azure;
using Azure.Data.Tables;
using Mao.Federation.Configuration;

namespace Mao.Site.Scheduling;

/// <summary>
/// The last occurrence each catching-up job served, in a table of the site's storage account (named after the site's
/// snapshot table), so a host started after downtime knows whether it missed an occurrence. Functions timers keep the
/// same kind of record (schedule monitor) in their storage account.
/// </summary>
public sealed class JobJournal(FederationSettings settings)
{
    private const string Partition = "jobs";

    private readonly TableClient _table = new TableServiceClient(settings.StorageConnectionString).GetTableClient(TableOf(settings));

    public static string TableOf(FederationSettings settings)
    {
        var name = "jobs" + settings.EffectiveTable;
        return name.Length > 63 ? name[..63] : name;
    }

    public async Task<DateTime?> LastAsync(string job, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(job), cancellationToken: cancellationToken);
        return entity.HasValue && entity.Value!.GetDateTimeOffset("Last") is { } last ? last.UtcDateTime : null;
    }

    /// <summary>Records the served occurrence; never moves backwards (two hosts of one site may both serve it).</summary>
    public async Task RecordAsync(string job, DateTime occurrence, CancellationToken cancellationToken)
    {
        if (await LastAsync(job, cancellationToken) is { } last && last >= occurrence)
        {
            return;
        }
        var entity = new TableEntity(Partition, RowKey(job)) { ["Last"] = new DateTimeOffset(DateTime.SpecifyKind(occurrence, DateTimeKind.Utc)) };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Row keys may not hold '/', '\', '#', '?': job names are tool-based ids, escaped to be sure.</summary>
    private static string RowKey(string job) => Uri.EscapeDataString(job);
}
