using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Verification;
using Mao.Federation.Configuration;
using Mao.Federation.Store;

namespace Mao.Federation.Rounds;

/// <summary>
/// How often each site agreed with the ground truth of this site's rounds, per tool: the input of the vote policy's
/// history weighting. Azure Table "history&lt;site&gt;", partition = tool; row <c>site:&lt;site&gt;</c> holds the running
/// agreed / voted field counts, row <c>round:&lt;round&gt;</c> marks a recorded round with its tallies. Both are written in
/// one table transaction, so a round counts exactly once, however often its verify activity runs.
/// </summary>
public sealed class SiteAgreementHistory
{
    /// <summary>A table transaction holds at most 100 operations: the round's marker and one row per site.</summary>
    public const int MaxSites = 99;

    private const string SitePrefix = "site:";
    private const string RoundPrefix = "round:";
    private const int MaxAttempts = 8;

    private readonly SiteTable _site;

    public SiteAgreementHistory(FederationSettings settings)
    {
        _site = new SiteTable(settings, "history");
    }

    public string Name => Table.Name;

    /// <summary>
    /// The tool's history as it stood before <paramref name="round"/>: when the round was recorded already (its verify
    /// activity runs again after a crash), its own contribution is taken out, so the re-run weighs sites as the first run did.
    /// </summary>
    public async Task<SiteHistory> BeforeAsync(string tool, string round, CancellationToken cancellationToken)
    {
        Check(tool, round);
        await EnsureAsync(cancellationToken);
        // The marker first: if it exists now, the running rows read next include it (same transaction).
        var own = await RoundTalliesAsync(tool, round, cancellationToken) ?? new Dictionary<string, long[]>();
        var sites = new Dictionary<string, SiteTrack>(StringComparer.Ordinal);
        foreach (var (site, row) in await SiteRowsAsync(tool, cancellationToken))
        {
            var (agreed, voted) = Counts(row);
            if (own.TryGetValue(site, out var mine))
            {
                agreed -= mine[0];
                voted -= mine[0] + mine[1];
            }
            if (voted > 0)
            {
                sites[site] = new SiteTrack(agreed, voted);
            }
        }
        return new SiteHistory(sites);
    }

    /// <summary>Adds one round's per-site tallies to the tool's history; false when this round was recorded already.</summary>
    public async Task<bool> RecordAsync(string tool, string round, IReadOnlyList<SiteTally> tallies, CancellationToken cancellationToken)
    {
        Check(tool, round);
        if (tallies.Count > MaxSites || tallies.Select(t => t.Site).Distinct(StringComparer.Ordinal).Count() != tallies.Count)
        {
            throw new MaoFormatException($"{Table.Name} {tool}/{round}", $"at most {MaxSites} distinct sites per round");
        }
        await EnsureAsync(cancellationToken);
        var marker = new TableEntity(tool, RoundPrefix + round)
        {
            ["tallies"] = JsonSerializer.Serialize(tallies.ToDictionary(t => t.Site, t => new[] { t.Agreed, t.Dissented }, StringComparer.Ordinal)),
        };
        for (var attempt = 1; ; attempt++)
        {
            if (await RoundTalliesAsync(tool, round, cancellationToken) is not null)
            {
                return false;
            }
            var current = await SiteRowsAsync(tool, cancellationToken);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, marker) };
            foreach (var tally in tallies)
            {
                var (agreed, voted) = current.TryGetValue(tally.Site, out var row) ? Counts(row) : (0, 0);
                var next = new TableEntity(tool, SitePrefix + tally.Site)
                {
                    ["agreed"] = agreed + tally.Agreed,
                    ["voted"] = voted + tally.Agreed + tally.Dissented,
                };
                // Conditional on what was read: a concurrent round of the same tool makes this attempt fail, not lose counts.
                actions.Add(row is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, next)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, row.ETag));
            }
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(20, 100) * attempt, cancellationToken);
            }
        }
    }

    private async Task<Dictionary<string, long[]>?> RoundTalliesAsync(string tool, string round, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tool, RoundPrefix + round, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        var where = $"{Table.Name} {tool}/{RoundPrefix}{round}";
        return JsonSerializer.Deserialize<Dictionary<string, long[]>>(row.Value!.GetString("tallies") ?? throw new MaoFormatException(where, "no 'tallies' column"))
            ?? throw new MaoFormatException(where, "'tallies' is null");
    }

    private async Task<Dictionary<string, TableEntity>> SiteRowsAsync(string tool, CancellationToken cancellationToken)
    {
        // Row keys "site:..." sort before "site;" (';' follows ':'): a range query over the tool's site rows only.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tool} and RowKey ge {SitePrefix} and RowKey lt {"site;"}");
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows[row.RowKey[SitePrefix.Length..]] = row;
        }
        return rows;
    }

    private (long Agreed, long Voted) Counts(TableEntity row) =>
        (row.GetInt64("agreed") ?? throw new MaoFormatException($"{Table.Name} {row.PartitionKey}/{row.RowKey}", "no 'agreed' column"),
         row.GetInt64("voted") ?? throw new MaoFormatException($"{Table.Name} {row.PartitionKey}/{row.RowKey}", "no 'voted' column"));

    private void Check(string tool, string round)
    {
        Identifier.Validate(tool, "tool name", Table.Name);
        Identifier.Validate(round, "round id", Table.Name);
    }

    private Task EnsureAsync(CancellationToken cancellationToken) => _site.EnsureAsync(cancellationToken);

    private TableClient Table => _site.Client;
}
