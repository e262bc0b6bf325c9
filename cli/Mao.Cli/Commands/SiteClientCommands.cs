using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
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

    public static Command BuildRound()
    {
        var round = new Command("round", "Start a consensus round over one of the site's snapshots");
        round.Subcommands.Add(BuildStart());
        return round;
    }

    public static Command BuildStatus()
    {
        var tool = new Argument<string>("tool") { Description = "Tool id" };
        var roundId = new Argument<string>("round") { Description = "Round id (by default the period, yyyy-MM-dd)" };
        var wait = new Option<bool>("--wait") { Description = "Poll until the round has finished" };
        var api = NewApiOption();
        var status = new Command("status", "Show a round's status and result (support, dissent, accepted, timed out, rejected)") { tool, roundId, wait, api };
        status.SetAction(async (parse, ct) =>
        {
            using var http = Client(parse, api, key: null);
            var path = $"api/rounds/{Uri.EscapeDataString(parse.GetValue(tool)!)}/{Uri.EscapeDataString(parse.GetValue(roundId)!)}";
            while (true)
            {
                using var response = await http.GetAsync(path, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                var finished = !response.IsSuccessStatusCode || !text.Contains("\"runtimeStatus\":\"Running\"", StringComparison.Ordinal)
                    && !text.Contains("\"runtimeStatus\":\"Pending\"", StringComparison.Ordinal);
                if (!parse.GetValue(wait) || finished)
                {
                    return Print(response, text);
                }
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        });
        return status;
    }

    /// <summary>`mao site run-status &lt;tool&gt; &lt;period&gt;`: a tool run's state, units done/total and records, then its result.</summary>
    public static Command BuildRunStatus()
    {
        var tool = new Argument<string>("tool") { Description = "Tool id" };
        var period = new Argument<string>("period") { Description = "Period (yyyy-MM-dd)" };
        var wait = new Option<bool>("--wait") { Description = "Poll until the run has finished" };
        var api = NewApiOption();
        var status = new Command("run-status", "Show a tool run's progress (units done/total, records) and its result") { tool, period, wait, api };
        status.SetAction(async (parse, ct) =>
        {
            using var http = Client(parse, api, key: null);
            var path = $"api/runs/{Uri.EscapeDataString(parse.GetValue(tool)!)}/{Uri.EscapeDataString(parse.GetValue(period)!)}";
            while (true)
            {
                using var response = await http.GetAsync(path, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                var finished = !response.IsSuccessStatusCode || !text.Contains("\"runtimeStatus\":\"Running\"", StringComparison.Ordinal)
                    && !text.Contains("\"runtimeStatus\":\"Pending\"", StringComparison.Ordinal);
                if (!parse.GetValue(wait) || finished)
                {
                    return Print(response, text);
                }
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        });
        return status;
    }

    public static Command BuildVerified()
    {
        var tool = new Argument<string?>("tool") { Description = "Tool id (all tools when left out)", Arity = ArgumentArity.ZeroOrOne };
        var period = new Argument<string?>("period") { Description = "Period (yyyy-MM-dd)", Arity = ArgumentArity.ZeroOrOne };
        var api = NewApiOption();
        var verified = new Command("verified", "Show which verified results this site accepted and where it kept its own newer measurement") { tool, period, api };
        verified.SetAction(async (parse, ct) =>
        {
            using var http = Client(parse, api, key: null);
            var path = (parse.GetValue(tool), parse.GetValue(period)) switch
            {
                ({ } t, { } p) => $"api/verified/{Uri.EscapeDataString(t)}/{Uri.EscapeDataString(p)}",
                ({ } t, null) => $"api/verified?tool={Uri.EscapeDataString(t)}",
                _ => "api/verified",
            };
            using var response = await http.GetAsync(path, ct);
            return Print(response, await response.Content.ReadAsStringAsync(ct));
        });
        return verified;
    }

    private static Command BuildStart()
    {
        var tool = new Option<string>("--tool") { Required = true, Description = "Tool id" };
        var roundId = new Option<string?>("--round") { Description = "Round id (default: the snapshot's period; one round per tool and period)" };
        var contentId = new Option<string?>("--snapshot") { Description = "Content id of the site's snapshot to verify (default: its newest of the tool)" };
        var peers = new Option<string?>("--peers") { Description = "Comma-separated peer site ids expected to answer (default: every live site)" };
        var window = new Option<int?>("--window") { Description = "Seconds to wait for answers (default MAO_ANSWER_WINDOW_SECONDS of the site)" };
        var data = new Option<string?>("--data") { Description = "The site's data folder, to read its operator key (api-key); or set MAO_API_KEY" };
        var api = NewApiOption();
        var start = new Command("start", "Start a consensus round over one of the site's snapshots") { tool, roundId, contentId, peers, window, data, api };
        start.SetAction(async (parse, ct) =>
        {
            var key = Environment.GetEnvironmentVariable("MAO_API_KEY")
                ?? (parse.GetValue(data) is { } folder ? (await File.ReadAllTextAsync(Path.Combine(folder, SiteIdentity.ApiKeyFile), ct)).Trim() : null);
            var body = new StartRoundBody(parse.GetValue(tool)!, parse.GetValue(roundId), parse.GetValue(contentId),
                parse.GetValue(peers)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parse.GetValue(window));
            using var http = Client(parse, api, key);
            using var response = await http.PostAsJsonAsync("api/rounds", body, MaoJson.Options, ct);
            return Print(response, await response.Content.ReadAsStringAsync(ct));
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

    private static int Print(HttpResponseMessage response, string text)
    {
        var pretty = text;
        try
        {
            pretty = JsonSerializer.Serialize(JsonDocument.Parse(text).RootElement, ApiJson.Indented);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page, say): show it as it came.
        }
        (response.IsSuccessStatusCode ? Console.Out : Console.Error).WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}\n{pretty}");
        return response.IsSuccessStatusCode ? 0 : 1;
    }
}
