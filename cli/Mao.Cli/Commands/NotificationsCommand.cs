using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mao.Cli.Insights;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>
/// `mao notifications [--api url] [--json] [--limit n] [--offset n]`: the federation's verified notifications as a site's API serves
/// them (GET /api/notifications; the site checked every signature). Exit 2 when the site cannot be asked.
/// </summary>
public sealed class NotificationsCommand : ICliCommand
{
    public Command Build()
    {
        var api = new Option<string>("--api")
        {
            Description = "The site's API base address (MAO_API_URL; default http://127.0.0.1:7400)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MAO_API_URL") ?? "http://127.0.0.1:7400",
        };
        var json = new Option<bool>("--json") { Description = "Print the site's reply as JSON" };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest day first (1-500)", DefaultValueFactory = _ => 50 };
        var offset = new Option<int>("--offset") { Description = "Skip this many of the newest first (the next page)", DefaultValueFactory = _ => 0 };
        var command = new Command("notifications", "Alerts the federation's sites raised (signed notifications), newest first") { api, json, limit, offset };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(api)!.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
            return await ListAsync(http, parse.GetValue(limit), parse.GetValue(offset), parse.GetValue(json), Console.Out, Console.Error, ct);
        });
        return command;
    }

    public static async Task<int> ListAsync(HttpClient http, int limit, int offset, bool json, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"api/notifications?limit={limit}") + (offset > 0 ? string.Create(CultureInfo.InvariantCulture, $"&offset={offset}") : "");
        string text;
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await errors.WriteLineAsync($"mao notifications: {new Uri(http.BaseAddress!, path)} answered {(int)response.StatusCode}: {text}");
                return 2;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await errors.WriteLineAsync($"mao notifications: cannot reach {new Uri(http.BaseAddress!, path)}: {e.Message}");
            return 2;
        }
        if (json)
        {
            await output.WriteLineAsync(text);
            return 0;
        }
        using var reply = JsonDocument.Parse(text);
        var notes = reply.RootElement.GetProperty("notifications");
        var table = new Table().AddColumns("day", "tool", "series", "value", "expected", "severity", "rule", "site");
        foreach (var n in notes.EnumerateArray())
        {
            string S(string name) => Markup.Escape(n.GetProperty(name).ToString());
            table.AddRow(S("date"), S("tool"), S("series"), S("value"),
                n.GetProperty("expected").GetDouble().ToString("0.#", CultureInfo.InvariantCulture), S("severity"), S("rule"), S("site"));
        }
        var console = InsightsInput.ConsoleFor(output);
        console.Write(table);
        console.MarkupLine(Markup.Escape($"{notes.GetArrayLength()} of {reply.RootElement.GetProperty("total").GetInt32()} notification(s)"
            + (offset > 0 ? $", after the newest {offset}" : "")));
        return 0;
    }
}
