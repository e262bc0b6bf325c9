using Azure;
using Azure.Data.Tables;
using Mao.Core;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Store;

namespace Mao.Federation.Rounds;

/// <summary>What this site did with a verified result: applied it, or kept its own newer measurement (and why).</summary>
/// <param name="Decision"><see cref="SiteDecisions.Accepted"/> or <see cref="SiteDecisions.KeptOwn"/>.</param>
/// <param name="Publisher">The site that published the verified result.</param>
/// <param name="OwnContentId">When kept: this site's newer snapshot.</param>
public sealed record SiteDecision(
    string Tool,
    string Period,
    string Decision,
    string Round,
    string Publisher,
    string VerifiedContentId,
    string? OwnContentId,
    DateTimeOffset? OwnObservedAt,
    string Reason,
    DateTimeOffset DecidedAt);

/// <summary>
/// This site's decisions about verified results, one per (tool, period), in the Azure Table "decisions&lt;site&gt;"
/// (PartitionKey tool, RowKey period). The first decision stands: a re-delivered result never changes it.
/// </summary>
public sealed class SiteDecisions
{
    public const string Accepted = "accepted";
    public const string KeptOwn = "kept-own";

    private readonly SiteTable _site;

    public SiteDecisions(FederationSettings settings)
    {
        _site = new SiteTable(settings, "decisions");
    }

    public string Name => Table.Name;

    /// <summary>Table names are 3-63 letters and digits: "decisions" and the site id's letters and digits.</summary>
    /// <summary>Records the decision unless one exists for its (tool, period); returns the one that stands.</summary>
    public async Task<(SiteDecision Standing, bool Created)> RecordAsync(SiteDecision decision, CancellationToken cancellationToken)
    {
        Check(decision.Tool, decision.Period);
        if (decision.Decision is not (Accepted or KeptOwn))
        {
            throw new MaoFormatException(Table.Name, $"unknown decision '{decision.Decision}'");
        }
        await EnsureAsync(cancellationToken);
        try
        {
            await Table.AddEntityAsync(ToEntity(decision), cancellationToken);
            return (decision, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var standing = await GetAsync(decision.Tool, decision.Period, cancellationToken)
                ?? throw new InvalidOperationException($"table {Table.Name}: a decision for {decision.Tool}/{decision.Period} exists and vanished");
            return (standing, false);
        }
    }

    public async Task<SiteDecision?> GetAsync(string tool, string period, CancellationToken cancellationToken)
    {
        Check(tool, period);
        await EnsureAsync(cancellationToken);
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tool, period, cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>Every decision, or one tool's, of the periods from <paramref name="from"/> to <paramref name="to"/> (inclusive, either open), sorted by tool then period.</summary>
    public async Task<IReadOnlyList<SiteDecision>> ListAsync(string? tool, CancellationToken cancellationToken, string? from = null, string? to = null)
    {
        if (tool is not null)
        {
            Identifier.Validate(tool, "tool name", Table.Name);
        }
        // Periods (yyyy-MM-dd) sort as text, so the range is a RowKey range the table serves.
        var filters = new List<string>();
        if (tool is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"PartitionKey eq {tool}"));
        }
        if (from is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"RowKey ge {Core.Model.Period.Validate(from, Table.Name)}"));
        }
        if (to is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"RowKey le {Core.Model.Period.Validate(to, Table.Name)}"));
        }
        await EnsureAsync(cancellationToken);
        var rows = filters.Count == 0 ? Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : Table.QueryAsync<TableEntity>(string.Join(" and ", filters), cancellationToken: cancellationToken);
        var decisions = new List<SiteDecision>();
        await foreach (var row in rows)
        {
            decisions.Add(FromEntity(row));
        }
        return decisions;
    }

    private Task EnsureAsync(CancellationToken cancellationToken) => _site.EnsureAsync(cancellationToken);

    private TableClient Table => _site.Client;

    private void Check(string tool, string period)
    {
        Identifier.Validate(tool, "tool name", Table.Name);
        Core.Model.Period.Validate(period, Table.Name);
    }

    private static TableEntity ToEntity(SiteDecision d) => new(d.Tool, d.Period)
    {
        ["decision"] = d.Decision,
        ["round"] = d.Round,
        ["publisher"] = d.Publisher,
        ["verifiedContentId"] = d.VerifiedContentId,
        ["ownContentId"] = d.OwnContentId,
        ["ownObservedAt"] = d.OwnObservedAt,
        ["reason"] = d.Reason,
        ["decidedAt"] = d.DecidedAt,
    };

    private SiteDecision FromEntity(TableEntity row)
    {
        string Text(string name) => row.GetString(name) ?? throw new MaoFormatException($"{Table.Name} {row.PartitionKey}/{row.RowKey}", $"no '{name}' column");
        return new SiteDecision(row.PartitionKey, row.RowKey, Text("decision"), Text("round"), Text("publisher"), Text("verifiedContentId"),
            row.GetString("ownContentId"), row.GetDateTimeOffset("ownObservedAt"), Text("reason"),
            row.GetDateTimeOffset("decidedAt") ?? throw new MaoFormatException($"{Table.Name} {row.PartitionKey}/{row.RowKey}", "no 'decidedAt' column"));
    }
}
