using System.Net.Http.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;
using Spectre.Console;

namespace Mao.Cli.Commands.Demo;

/// <summary>The demo's steps over a running federation, each printed as it happens.</summary>
internal sealed class DemoRun(DemoFederation federation, TimeSpan window)
{
    private const string Tool = "aws-sar";
    private static readonly string[] SiteNames = ["site-a", "site-b", "site-c"];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static void Step(int number, string what) => AnsiConsole.Write(new Rule($"[bold]{number}. {Markup.Escape(what)}[/]").LeftJustified());

    public async Task<bool> RunAsync(CancellationToken ct)
    {
        Step(1, $"start three site-host processes (one etcd{(federation.Etcd is { Tls: true, Auth: true } ? " with TLS + auth" : "")}, one Azurite)");
        await federation.StartAsync(SiteNames, window, ct);
        var sites = new Table().AddColumns("site", "API", "data folder");
        foreach (var site in federation.Sites)
        {
            sites.AddRow(site.Site, site.Api.ToString(), Markup.Escape(site.DataDirectory));
        }
        AnsiConsole.Write(sites);
        AnsiConsole.MarkupLine($"etcd key root [blue]{federation.KeyRoot}[/]");
        AnsiConsole.MarkupLine(Markup.Escape(federation.Etcd.Describe()));

        Step(2, $"each site's measurement of {Tool} on {DemoSnapshots.Day}");
        var own = await federation.KeepAsync("site-a", DemoSnapshots.Recorded("site-a"), ct);
        var (faulty, wrong) = DemoSnapshots.Faulty("site-b");
        var theirs = await federation.KeepAsync("site-b", faulty, ct);
        AnsiConsole.MarkupLine($"site-a: {own.ContentId[..16]}... ({own.Size:N0} bytes) at {Markup.Escape(string.Join(", ", own.Locations.Select(l => l.Kind.ToString())))}");
        AnsiConsole.MarkupLine($"site-b: {theirs.ContentId[..16]}... wrong on {wrong.Count} records on purpose");
        AnsiConsole.MarkupLine("site-c: no snapshot of the day (it will accept)");

        Step(3, "site-a announces its snapshot; peers answer through etcd");
        var started = await PostStartAsync(federation["site-a"], ct);
        AnsiConsole.MarkupLine($"round [blue]{Tool}/{started.Round}[/]: {started.Outcome}");
        var status = await WaitAsync(federation["site-a"], started.Round, ct);
        if (status?.Result is not { } result)
        {
            AnsiConsole.MarkupLine($"[red]the round did not complete: {Markup.Escape(status?.RuntimeStatus ?? "no status")} {Markup.Escape(status?.Failure ?? "")}[/]");
            return false;
        }

        Step(4, "the verified ground truth");
        var verified = result.Verified;
        var summary = new Table().AddColumns("", "sites");
        summary.AddRow("support", string.Join(", ", verified.Support));
        summary.AddRow("dissent", string.Join(", ", verified.Dissent));
        summary.AddRow("accepted", string.Join(", ", verified.Accepted));
        summary.AddRow("timed out", string.Join(", ", verified.TimedOut));
        summary.AddRow("rejected", Markup.Escape(string.Join("; ", verified.Rejected)));
        AnsiConsole.Write(summary);
        var truth = await GroundTruthAsync(federation["site-a"], verified.Snapshot.ContentId, ct);
        PrintDissent(truth);
        var where = new Table().AddColumns("kept in", "where");
        where.AddRow("blob + table", Markup.Escape($"{federation.Settings("site-a").SnapshotContainer}/{verified.Snapshot.ContentId} ({truth.Records.Count} records)"));
        foreach (var location in verified.Snapshot.Locations)
        {
            where.AddRow(location.Kind.ToString().ToLowerInvariant(), Markup.Escape(location.Commit is null ? location.Address : $"{location.Address} @ {location.Commit[..12]} (branch ground-truth, tag verified/{verified.Round})"));
        }
        where.AddRow("etcd", Markup.Escape($"{federation.KeyRoot}/verified/{verified.Site}/{Tool}/{verified.Period}, signed by {verified.Site}"));
        AnsiConsole.Write(where);

        Step(5, "each site's decision");
        var decisions = new Table().AddColumns("site", "decision");
        var allDecided = true;
        foreach (var site in federation.Sites)
        {
            var decision = await DecisionAsync(site, verified.Period, ct);
            allDecided &= decision is not null;
            decisions.AddRow(site.Site, Markup.Escape(decision ?? "no decision recorded"));
        }
        AnsiConsole.Write(decisions);
        return result.Published && allDecided;
    }

    private async Task<RoundStarted> PostStartAsync(DemoSite site, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(site.Api, "api/rounds"))
        {
            Content = JsonContent.Create(new StartRoundBody(Tool), options: MaoJson.Options),
        };
        request.Headers.Add(ApiKeys.Header, (await File.ReadAllTextAsync(Path.Combine(site.DataDirectory, SiteIdentity.ApiKeyFile), ct)).Trim());
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode
            ? MaoJson.Parse<RoundStarted>(text, "round start reply")
            : throw new InvalidOperationException($"site-a refused the round start: {(int)response.StatusCode} {text}");
    }

    private async Task<RoundStatus?> WaitAsync(DemoSite site, string round, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + window + TimeSpan.FromSeconds(90);
        RoundStatus? status = null;
        string? stage = null;
        while (DateTime.UtcNow < deadline)
        {
            status = await _http.GetFromJsonAsync<RoundStatus>(new Uri(site.Api, $"api/rounds/{Tool}/{round}"), ApiJson.Options, ct);
            if (status?.Progress?.Stage is { } now && now != stage)
            {
                stage = now;
                AnsiConsole.MarkupLine($"  {now}: answered {Markup.Escape(string.Join(", ", status.Progress.Answered))}; waiting {Markup.Escape(string.Join(", ", status.Progress.Waiting))}");
            }
            if (status?.RuntimeStatus is "Completed" or "Failed" or "Terminated")
            {
                return status;
            }
            await Task.Delay(500, ct);
        }
        return status;
    }

    private async Task<Snapshot> GroundTruthAsync(DemoSite site, string contentId, CancellationToken ct)
    {
        var bytes = await _http.GetByteArrayAsync(new Uri(site.Api, $"api/snapshots/{contentId}"), ct);
        return SnapshotJsonLines.Read(bytes, $"ground truth {contentId}");
    }

    /// <summary>The records the sites did not agree on: with two observers a disagreement is a tie, shown as contested.</summary>
    private static void PrintDissent(Snapshot truth)
    {
        var schema = truth.Schema;
        int Field(string name) => schema.IndexOf(name);
        bool Any(SnapshotRecord record, string field) => Field(field) >= 0 && record.Values[Field(field)] is { Kind: FieldValueKind.Set } v && v.Set.Count > 0;
        var disputed = truth.Records.Where(r => Any(r, "dissent") || Any(r, "contested")).ToArray();
        AnsiConsole.MarkupLine($"{disputed.Length} of {truth.Records.Count} records are disputed (dissent named, or a contested field); the first of them:");
        var table = new Table().AddColumns("record", "deployment_count: value mean min max", "contested", "dissent");
        foreach (var record in disputed.Take(6))
        {
            string Show(string field) => Field(field) >= 0 && !record.Values[Field(field)].IsMissing ? record.Values[Field(field)].ToString() : "-";
            string Sites(string field) => Field(field) >= 0 && record.Values[Field(field)].Kind == FieldValueKind.Set ? string.Join(", ", record.Values[Field(field)].Set) : "";
            var counts = string.Join(" ", new[] { "deployment_count", "deployment_count.mean", "deployment_count.min", "deployment_count.max" }.Select(Show));
            var key = record.Key.Length > 48 ? "..." + record.Key[^45..] : record.Key;
            table.AddRow(Markup.Escape(key), Markup.Escape(counts), Markup.Escape(Sites("contested")), Markup.Escape(Sites("dissent")));
        }
        AnsiConsole.Write(table);
    }

    private async Task<string?> DecisionAsync(DemoSite site, string period, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            using var response = await _http.GetAsync(new Uri(site.Api, $"api/verified/{Tool}/{period}"), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode && text.Contains("\"decision\"", StringComparison.Ordinal))
            {
                using var json = System.Text.Json.JsonDocument.Parse(text);
                return FindDecision(json.RootElement);
            }
            await Task.Delay(500, ct);
        }
        return null;
    }

    /// <summary>The decision and its reason, wherever the view nests them.</summary>
    private static string? FindDecision(System.Text.Json.JsonElement element)
    {
        if (element.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return null;
        }
        if (element.TryGetProperty("decision", out var decision) && decision.ValueKind == System.Text.Json.JsonValueKind.String)
        {
            return element.TryGetProperty("reason", out var reason) && reason.ValueKind == System.Text.Json.JsonValueKind.String
                ? $"{decision.GetString()}: {reason.GetString()}" : decision.GetString();
        }
        return element.EnumerateObject().Select(p => FindDecision(p.Value)).FirstOrDefault(d => d is not null);
    }
}
