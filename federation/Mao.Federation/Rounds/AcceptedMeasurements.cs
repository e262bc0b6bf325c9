using Azure;
using Azure.Data.Tables;
using Mao.Federation.Configuration;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;

namespace Mao.Federation.Rounds;

/// <summary>An announced measurement this site accepted without a snapshot of its own to compare.</summary>
public sealed record AcceptedMeasurement(string Tool, string Period, string Round, string Announcer, string AnnouncedContentId, string State, DateTimeOffset At);

/// <summary>
/// The rounds this site answered with "accept" (it had no comparable snapshot): table "accepted&lt;site&gt;",
/// PartitionKey tool, RowKey period, state "accepted-unverified". One row per (tool, period), the one claimed round.
/// </summary>
public sealed class AcceptedMeasurements(FederationSettings settings)
{
    public const string Unverified = "accepted-unverified";
    private readonly SiteTable _site = new(settings, "accepted");

    private TableClient Table => _site.Client;

    public string Name => Table.Name;

    /// <summary>Records the accepted measurement; recording the same round again changes nothing (the first time stays).</summary>
    public async Task RecordAsync(RoundAnnouncement round, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var entity = new TableEntity(round.Tool, round.Period)
        {
            ["Round"] = round.Round,
            ["Announcer"] = round.Site,
            ["AnnouncedContentId"] = round.Snapshot.ContentId,
            ["State"] = Unverified,
            ["At"] = at,
        };
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await GetAsync(round.Tool, round.Period, cancellationToken);
            if (existing is not null && (existing.Round != round.Round || existing.AnnouncedContentId != round.Snapshot.ContentId))
            {
                // Another round of the same period (a re-announcement): the newest word of the federation replaces ours.
                await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            }
        }
    }

    public async Task<AcceptedMeasurement?> GetAsync(string tool, string period, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tool, period, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } e)
        {
            return null;
        }
        return new AcceptedMeasurement(e.PartitionKey, e.RowKey, e.GetString("Round"), e.GetString("Announcer"), e.GetString("AnnouncedContentId"),
            e.GetString("State"), e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue);
    }

    private Task EnsureTableAsync(CancellationToken cancellationToken) => _site.EnsureAsync(cancellationToken);
}
