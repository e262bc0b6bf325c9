using System.CommandLine;
using System.Net.Http.Json;
using Mao.Core.Serialization;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;

namespace Mao.Cli.Commands;

/// <summary>`mao site round start`, `mao site status` and `mao site verified`: clients of a running site host's HTTP API.</summary>
internal static class SiteClientCommands
{
    private static Option<string> NewApiOption() => new("--api")
    {
        Description = "The site's API base address (MAO_API_URL; default http://127.0.0.1:7400)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MAO_API_URL") ?? "http://127.0.0.1:7400",
    };

    private static Option<bool> NewJsonOption() => new("--json") { Description = "Print only the API's JSON answer (no status line), for scripts" };

    public static Command BuildRound(TextWriter output)
    {
        var round = new Command("round", "Consensus rounds: ask the other sites to verify one of this site's snapshots");
        round.Subcommands.Add(BuildStart(output));
        return round;
    }

    public static Command BuildStatus(TextWriter output)
    {
        var tool = new Argument<string>("tool") { Description = "Tool id" };
        var roundId = new Argument<string>("round") { Description = "Round id (by default the period, yyyy-MM-dd)" };
        var wait = new Option<bool>("--wait") { Description = "Poll every second until the round has finished, showing its stage" };
        var json = NewJsonOption();
        var api = NewApiOption();
        var status = new Command("status", "Show a round's status and result (support, dissent, accepted, timed out, rejected)") { tool, roundId, wait, json, api };
        status.SetAction(async (parse, ct) =>
        {
            using var http = Client(parse, api, key: null);
            var path = $"api/rounds/{Uri.EscapeDataString(parse.GetValue(tool)!)}/{Uri.EscapeDataString(parse.GetValue(roundId)!)}";
            return await SiteApiOutput.GetAsync(http, path, parse.GetValue(wait), parse.GetValue(json), output, ct);
        });
        return status;
    }

    /// <summary>`mao site run-status &lt;tool&gt; &lt;period&gt;`: a tool run's state, units done/total and records, then its result.</summary>
    public static Command BuildRunStatus(TextWriter output)
    {
        var tool = new Argument<string>("tool") { Description = "Tool id" };
        var period = new Argument<string>("period") { Description = "Period (yyyy-MM-dd)" };
        var wait = new Option<bool>("--wait") { Description = "Poll every second until the run has finished, showing its stage and units" };
        var json = NewJsonOption();
        var api = NewApiOption();
        var status = new Command("run-status", "Show a tool run's progress (stage, units done/total, records) and its result") { tool, period, wait, json, api };
        status.SetAction(async (parse, ct) =>
        {
            using var http = Client(parse, api, key: null);
            var path = $"api/runs/{Uri.EscapeDataString(parse.GetValue(tool)!)}/{Uri.EscapeDataString(parse.GetValue(period)!)}";
            return await SiteApiOutput.GetAsync(http, path, parse.GetValue(wait), parse.GetValue(json), output, ct);
        });
        return status;
    }

    public static Command BuildVerified(TextWriter output)
    {
        var tool = new Argument<string?>("tool") { Description = "Tool id (all tools when left out)", Arity = ArgumentArity.ZeroOrOne };
        var period = new Argument<string?>("period") { Description = "Period (yyyy-MM-dd)", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<string?>("--from") { Description = "Without a period: the first period listed (yyyy-MM-dd)" };
        var to = new Option<string?>("--to") { Description = "Without a period: the last period listed (yyyy-MM-dd)" };
        var limit = new Option<int?>("--limit") { Description = "Without a period: at most this many, newest first (the site's default 1,000)" };
        var json = NewJsonOption();
        var api = NewApiOption();
        var verified = new Command("verified", "Show which verified results this site accepted and where it kept its own newer measurement")
            { tool, period, from, to, limit, json, api };
        verified.SetAction(async (parse, ct) =>
        {
            using var http = Client(parse, api, key: null);
            string ListQuery()
            {
                var query = new List<string>();
                void Add(string name, string? value)
                {
                    if (value is not null)
                    {
                        query.Add($"{name}={Uri.EscapeDataString(value)}");
                    }
                }
                Add("tool", parse.GetValue(tool));
                Add("from", parse.GetValue(from));
                Add("to", parse.GetValue(to));
                Add("limit", parse.GetValue(limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return query.Count == 0 ? "" : "?" + string.Join('&', query);
            }
            var path = (parse.GetValue(tool), parse.GetValue(period)) switch
            {
                ({ } t, { } p) => $"api/verified/{Uri.EscapeDataString(t)}/{Uri.EscapeDataString(p)}",
                _ => "api/verified" + ListQuery(),
            };
            return await SiteApiOutput.GetAsync(http, path, wait: false, parse.GetValue(json), output, ct);
        });
        return verified;
    }

    private static Command BuildStart(TextWriter output)
    {
        var tool = new Option<string>("--tool") { Required = true, Description = "Tool id" };
        var roundId = new Option<string?>("--round") { Description = "Round id (default: the snapshot's period; one round per tool and period)" };
        var contentId = new Option<string?>("--snapshot") { Description = "Content id of the site's snapshot to verify (default: its newest of the tool)" };
        var peers = new Option<string?>("--peers") { Description = "Comma-separated peer site ids expected to answer (default: every live site)" };
        var window = new Option<int?>("--window") { Description = "Seconds to wait for answers (default MAO_ANSWER_WINDOW_SECONDS of the site)" };
        var data = new Option<string?>("--data") { Description = "The site's data folder, to read its operator key (api-key); or set MAO_API_KEY" };
        var json = NewJsonOption();
        var api = NewApiOption();
        var start = new Command("start", "Start a consensus round over one of the site's snapshots; follow it with `mao site status <tool> <round> --wait`")
            { tool, roundId, contentId, peers, window, data, json, api };
        start.SetAction(async (parse, ct) =>
        {
            var key = Environment.GetEnvironmentVariable("MAO_API_KEY")
                ?? (parse.GetValue(data) is { } folder ? (await File.ReadAllTextAsync(Path.Combine(folder, SiteIdentity.ApiKeyFile), ct)).Trim() : null);
            var body = new StartRoundBody(parse.GetValue(tool)!, parse.GetValue(roundId), parse.GetValue(contentId),
                parse.GetValue(peers)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parse.GetValue(window));
            using var http = Client(parse, api, key);
            using var response = await http.PostAsJsonAsync("api/rounds", body, MaoJson.Options, ct);
            return await SiteApiOutput.PrintAsync(response, parse.GetValue(json), output, ct);
        });
        return start;
    }

    private static HttpClient Client(ParseResult parse, Option<string> api, string? key)
    {
        var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(api)!.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        }
        return http;
    }
}
