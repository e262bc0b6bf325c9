using System.Net;
using System.Text.Json;
using Mao.Orchestrations.Api;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>
/// Reading a site API resource for `mao site status|run-status|verified|round start`: polling with a live stage line
/// (on stderr, terminals only) until a round or run has finished, and printing the answer as text or as clean JSON.
/// </summary>
internal static class SiteApiOutput
{
    private sealed record Answer(HttpStatusCode Status, string? Reason, string Text)
    {
        public bool Ok => (int)Status is >= 200 and < 300;
    }

    /// <summary>GETs <paramref name="path"/>, with <paramref name="wait"/> again every second while it is Pending or Running.</summary>
    public static async Task<int> GetAsync(HttpClient http, string path, bool wait, bool json, TextWriter output, CancellationToken ct)
    {
        Answer answer;
        if (wait && ProgressConsole.Open() is { } console)
        {
            Answer? last = null;
            await console.Status().Spinner(Spinner.Known.Dots).StartAsync("waiting for the site...", async context =>
                last = await PollAsync(http, path, wait, text => context.Status(Markup.Escape(Describe(text))), ct));
            answer = last!;
        }
        else
        {
            answer = await PollAsync(http, path, wait, _ => { }, ct);
        }
        return Print(answer, json, output);
    }

    public static async Task<int> PrintAsync(HttpResponseMessage response, bool json, TextWriter output, CancellationToken ct) =>
        Print(new Answer(response.StatusCode, response.ReasonPhrase, await response.Content.ReadAsStringAsync(ct)), json, output);

    private static async Task<Answer> PollAsync(HttpClient http, string path, bool wait, Action<string> shown, CancellationToken ct)
    {
        while (true)
        {
            using var response = await http.GetAsync(path, ct);
            var answer = new Answer(response.StatusCode, response.ReasonPhrase, await response.Content.ReadAsStringAsync(ct));
            var finished = !answer.Ok || !answer.Text.Contains("\"runtimeStatus\":\"Running\"", StringComparison.Ordinal)
                && !answer.Text.Contains("\"runtimeStatus\":\"Pending\"", StringComparison.Ordinal);
            if (!wait || finished)
            {
                return answer;
            }
            shown(answer.Text);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary>One line for the spinner: state, stage, and the counts the round or run reports.</summary>
    internal static string Describe(string text)
    {
        try
        {
            var root = JsonDocument.Parse(text).RootElement;
            var parts = new List<string> { root.TryGetProperty("runtimeStatus", out var state) ? $"{state}" : "waiting" };
            if (root.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object)
            {
                if (progress.TryGetProperty("stage", out var stage))
                {
                    parts.Add($"stage {stage}");
                }
                if (progress.TryGetProperty("unitsTotal", out var total) && progress.TryGetProperty("unitsDone", out var done))
                {
                    parts.Add($"units {done}/{total}");
                }
                if (progress.TryGetProperty("records", out var records))
                {
                    parts.Add($"{records} records");
                }
                // A tool run's units taken from the previous run: unchanged (reused), failed and carried over, failed and missing.
                foreach (var count in new[] { "reused", "carriedOver", "missing" })
                {
                    if (progress.TryGetProperty(count, out var n) && n.ValueKind == JsonValueKind.Number && n.GetInt32() > 0)
                    {
                        parts.Add($"{n} {(count == "carriedOver" ? "carried over" : count)}");
                    }
                }
                foreach (var list in new[] { "answered", "waiting", "rejected" })
                {
                    if (progress.TryGetProperty(list, out var sites) && sites.ValueKind == JsonValueKind.Array)
                    {
                        parts.Add($"{list} {sites.GetArrayLength()}");
                    }
                }
            }
            return string.Join(", ", parts);
        }
        catch (JsonException)
        {
            return "waiting for the site...";
        }
    }

    /// <summary>
    /// Text: the status line, then the body indented. JSON: only the body on stdout, so a script can parse it; a failure
    /// goes to stderr with its status either way, and exits 1.
    /// </summary>
    private static int Print(Answer answer, bool json, TextWriter output)
    {
        var pretty = answer.Text;
        try
        {
            pretty = JsonSerializer.Serialize(JsonDocument.Parse(answer.Text).RootElement, ApiJson.Indented);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page, say): show it as it came.
        }
        var head = $"{(int)answer.Status} {answer.Reason}\n";
        if (!answer.Ok)
        {
            Console.Error.WriteLine(head + pretty);
            return 1;
        }
        output.WriteLine(json ? pretty : head + pretty);
        return 0;
    }
}
