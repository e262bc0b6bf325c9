using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Mao.Core.Serialization;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Rounds;

namespace Mao.Cli.Commands;

/// <summary>`mao site round start|answer` and `mao site status`: clients of a running site host's HTTP API.</summary>
internal static class SiteClientCommands
{
    private static Option<string> NewApiOption() => new("--api")
    {
        Description = "The site's API base address (MAO_API_URL; default http://127.0.0.1:7400)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MAO_API_URL") ?? "http://127.0.0.1:7400",
    };

    public static Command BuildRound()
    {
        var round = new Command("round", "Start a round or answer one");
        round.Subcommands.Add(BuildStart());
        round.Subcommands.Add(BuildAnswer());
        return round;
    }

    public static Command BuildStatus()
    {
        var roundId = new Argument<string>("round") { Description = "Round id" };
        var wait = new Option<bool>("--wait") { Description = "Poll until the round has finished" };
        var api = NewApiOption();
        var status = new Command("status", "Show a round's status and result") { roundId, wait, api };
        status.SetAction(async (parse, ct) =>
        {
            using var http = Client(parse, api);
            while (true)
            {
                using var response = await http.GetAsync($"api/rounds/{Uri.EscapeDataString(parse.GetValue(roundId)!)}", ct);
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

    private static Command BuildStart()
    {
        var tool = new Option<string>("--tool") { Required = true, Description = "Tool id" };
        var roundId = new Option<string>("--round") { Required = true, Description = "Round id (also the orchestration id)" };
        var snapshot = new Option<FileInfo>("--snapshot") { Required = true, Description = "This site's snapshot file (mao.snapshot/1 JSON lines)" };
        var peers = new Option<string?>("--peers") { Description = "Comma-separated peer site ids expected to answer" };
        var window = new Option<int?>("--window") { Description = "Seconds to wait for answers (default 300)" };
        var api = NewApiOption();
        var start = new Command("start", "Start a consensus round over a local snapshot") { tool, roundId, snapshot, peers, window, api };
        start.SetAction(async (parse, ct) =>
        {
            var pointer = await PointerAsync(parse.GetValue(snapshot)!, ct);
            var body = new StartRoundBody(parse.GetValue(tool)!, parse.GetValue(roundId)!, pointer,
                parse.GetValue(peers)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
                AnswerWindowSeconds: parse.GetValue(window));
            using var http = Client(parse, api);
            using var response = await http.PostAsJsonAsync("api/rounds", body, MaoJson.Options, ct);
            return Print(response, await response.Content.ReadAsStringAsync(ct));
        });
        return start;
    }

    private static Command BuildAnswer()
    {
        var roundId = new Argument<string>("round") { Description = "Round id" };
        var site = new Option<string>("--site") { Required = true, Description = "The answering site" };
        var accept = new Option<bool>("--accept") { Description = "Accept the announced measurement" };
        var snapshot = new Option<FileInfo?>("--snapshot") { Description = "The answering site's comparable snapshot file" };
        var api = NewApiOption();
        var answer = new Command("answer", "Answer a round for a peer site") { roundId, site, accept, snapshot, api };
        answer.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(snapshot);
            var body = new RoundAnswer(parse.GetValue(site)!, parse.GetValue(accept), file is null ? null : await PointerAsync(file, ct));
            using var http = Client(parse, api);
            using var response = await http.PostAsJsonAsync($"api/rounds/{Uri.EscapeDataString(parse.GetValue(roundId)!)}/answers", body, MaoJson.Options, ct);
            return Print(response, await response.Content.ReadAsStringAsync(ct));
        });
        return answer;
    }

    private static async Task<SnapshotPointer> PointerAsync(FileInfo file, CancellationToken ct)
    {
        var snapshot = SnapshotJsonLines.Read(await File.ReadAllBytesAsync(file.FullName, ct), file.FullName);
        return new SnapshotPointer(snapshot.ContentId, file.FullName);
    }

    private static HttpClient Client(ParseResult parse, Option<string> api) =>
        new() { BaseAddress = new Uri(parse.GetValue(api)!.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };

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
