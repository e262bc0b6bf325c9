using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Mao.Cli.Insights;
using Mao.Orchestrations.Api;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>What `mao check` requires of an artefact; each set option is one rule.</summary>
public sealed record CheckRules(int MinSupport = 0, IReadOnlyList<string>? RequireArch = null, bool NoLintErrors = false);

/// <summary>
/// `mao check &lt;tool&gt; &lt;artefact&gt;`: a CI quality gate. Asks a site's API for the artefact's quality card
/// (GET /api/artefacts/{tool}/{key}), prints what the observatory knows and exits 1 when a rule fails (unknown artefact,
/// fewer supporting sites than --min-support, a required architecture missing, lint errors); 2 when it cannot ask.
/// </summary>
public sealed class CheckCommand : ICliCommand
{
    /// <summary>Fields that name an image's architectures, in the order they are looked for.</summary>
    public static readonly IReadOnlyList<string> ArchitectureFields = ["architectures", "arch", "platforms"];

    public Command Build()
    {
        var tool = new Argument<string>("tool") { Description = "Tool id, e.g. dockerhub-tags" };
        var artefact = new Argument<string>("artefact") { Description = "The artefact's key in the tool's records, e.g. library/nginx" };
        var api = new Option<string>("--api")
        {
            Description = "The site's API base address (MAO_API_URL; default http://127.0.0.1:7400)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MAO_API_URL") ?? "http://127.0.0.1:7400",
        };
        var minSupport = new Option<int>("--min-support") { Description = "Fail unless at least N sites verified the artefact's latest ground truth" };
        var requireArch = new Option<string?>("--require-arch") { Description = "Fail unless every listed architecture is present, e.g. amd64,arm64" };
        var noLintErrors = new Option<bool>("--no-lint-errors") { Description = "Fail when the dockerfile-lint ground truth has errors for the artefact" };
        var json = new Option<bool>("--json") { Description = "Print the card and the checks as JSON" };
        var command = new Command("check", "Quality gate for CI: what the observatory knows about an artefact, exit 1 when a rule fails")
        {
            tool, artefact, api, minSupport, requireArch, noLintErrors, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var rules = new CheckRules(parse.GetValue(minSupport),
                parse.GetValue(requireArch)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parse.GetValue(noLintErrors));
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(api)!.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
            return await CheckAsync(http, parse.GetValue(tool)!, parse.GetValue(artefact)!, rules, parse.GetValue(json), Console.Out, Console.Error, ct);
        });
        return command;
    }

    public static async Task<int> CheckAsync(HttpClient http, string tool, string artefact, CheckRules rules, bool json, TextWriter output, TextWriter errors,
        CancellationToken cancellationToken)
    {
        if (rules.MinSupport < 0)
        {
            await errors.WriteLineAsync($"mao check: --min-support {rules.MinSupport} must be 0 or more");
            return 2;
        }
        var path = $"api/artefacts/{Uri.EscapeDataString(tool)}/{string.Join('/', artefact.Split('/').Select(Uri.EscapeDataString))}";
        HttpResponseMessage response;
        string text;
        try
        {
            response = await http.GetAsync(path, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await errors.WriteLineAsync($"mao check: cannot reach {new Uri(http.BaseAddress!, path)}: {e.Message}");
            return 2;
        }
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK && response.StatusCode != HttpStatusCode.NotFound)
            {
                await errors.WriteLineAsync($"mao check: {new Uri(http.BaseAddress!, path)} answered {(int)response.StatusCode}: {ErrorOf(text)}");
                return 2;
            }
            JsonElement? card = null;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                try
                {
                    card = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException e)
                {
                    await errors.WriteLineAsync($"mao check: {new Uri(http.BaseAddress!, path)} answered 200 with something that is not JSON: {e.Message}");
                    return 2;
                }
            }
            var checks = Evaluate(card, rules, card is null ? ErrorOf(text) : null);
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { tool, artefact, known = card is not null, card, checks }, ApiJson.Indented));
            }
            else
            {
                Print(InsightsInput.ConsoleFor(output), tool, artefact, card, checks);
            }
            return checks.All(c => c.Passed) ? 0 : 1;
        }
    }

    public sealed record Check(string Rule, bool Passed, string Detail);

    /// <summary>The rules over the card: an unknown artefact fails whatever else is asked.</summary>
    public static IReadOnlyList<Check> Evaluate(JsonElement? card, CheckRules rules, string? unknownBecause = null)
    {
        if (card is not { } c)
        {
            return [new Check("known", false, $"the observatory has no ground truth for it ({unknownBecause ?? "not found"})")];
        }
        var latest = c.GetProperty("latest");
        var checks = new List<Check> { new("known", true, $"ground truth of {latest.GetProperty("date").GetString()}") };
        if (rules.MinSupport > 0)
        {
            var support = VerifiedBy(latest);
            checks.Add(new Check($"min-support {rules.MinSupport}", support >= rules.MinSupport,
                support is null ? "how many sites verified it is unknown" : $"verified by {support} site(s)"));
        }
        if (rules.RequireArch is { Count: > 0 } required)
        {
            var values = latest.GetProperty("values");
            var field = ArchitectureFields.FirstOrDefault(f => values.TryGetProperty(f, out _));
            if (field is null)
            {
                checks.Add(new Check($"require-arch {string.Join(',', required)}", false, "the tool's ground truth has no architectures field"));
            }
            else
            {
                var present = Texts(values.GetProperty(field)).Select(a => a.Split('/')).Select(p => field == "platforms" && p.Length > 1 ? p[1] : p[0]).ToHashSet();
                var missing = required.Where(a => !present.Contains(a)).ToArray();
                checks.Add(new Check($"require-arch {string.Join(',', required)}", missing.Length == 0,
                    missing.Length == 0 ? $"has {string.Join(", ", present.Order())}" : $"missing {string.Join(", ", missing)} (has {string.Join(", ", present.Order())})"));
            }
        }
        if (rules.NoLintErrors)
        {
            var lint = c.GetProperty("lint");
            checks.Add(lint.ValueKind == JsonValueKind.Null
                ? new Check("no-lint-errors", true, "no lint ground truth names it")
                : new Check("no-lint-errors", lint.GetProperty("errors").GetInt32() == 0,
                    $"{lint.GetProperty("errors").GetInt32()} error(s), {lint.GetProperty("findings").GetArrayLength()} finding(s) on {lint.GetProperty("date").GetString()}"));
        }
        return checks;
    }

    private static void Print(IAnsiConsole console, string tool, string artefact, JsonElement? card, IReadOnlyList<Check> checks)
    {
        var table = new Table().Title($"{Markup.Escape(tool)} {Markup.Escape(artefact)}").AddColumn("what").AddColumn("the observatory knows");
        if (card is { } c)
        {
            var latest = c.GetProperty("latest");
            table.AddRow("latest ground truth", Markup.Escape($"{latest.GetProperty("date").GetString()} ({latest.GetProperty("contentId").GetString()![..12]}…)"));
            table.AddRow("verified by", Markup.Escape($"{VerifiedBy(latest)?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} site(s); record supported by: {Join(latest.GetProperty("support"))}"));
            table.AddRow("dissent", Markup.Escape(Join(latest.GetProperty("dissent"))));
            table.AddRow("contested fields", Markup.Escape(Join(latest.GetProperty("contested"))));
            foreach (var value in latest.GetProperty("values").EnumerateObject().Where(v => !v.Name.Contains('.')))
            {
                table.AddRow(Markup.Escape(value.Name), Markup.Escape(value.Value.ValueKind == JsonValueKind.Array ? Join(value.Value) : value.Value.ToString()));
            }
            table.AddRow("days known", c.GetProperty("history").GetProperty("total").GetInt32().ToString(CultureInfo.InvariantCulture));
            var lint = c.GetProperty("lint");
            table.AddRow("lint", lint.ValueKind == JsonValueKind.Null ? "not linted"
                : Markup.Escape(string.Join("; ", lint.GetProperty("findings").EnumerateArray()
                    .Select(f => $"{f.GetProperty("severity").GetString()} {f.GetProperty("rule").GetString()} line {f.GetProperty("line")}").DefaultIfEmpty("clean"))));
        }
        foreach (var check in checks)
        {
            table.AddRow(check.Passed ? $"[green]PASS[/] {Markup.Escape(check.Rule)}" : $"[red]FAIL[/] {Markup.Escape(check.Rule)}", Markup.Escape(check.Detail));
        }
        console.Write(table);
        console.MarkupLine(checks.All(x => x.Passed) ? "[green]mao check: passed[/]" : "[red]mao check: failed[/]");
    }

    private static int? VerifiedBy(JsonElement latest) =>
        latest.TryGetProperty("verifiedBy", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static IEnumerable<string> Texts(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().Select(e => e.GetString() ?? ""),
        JsonValueKind.String => [value.GetString()!],
        _ => [],
    };

    private static string Join(JsonElement list) => list.GetArrayLength() == 0 ? "none" : string.Join(", ", Texts(list));

    private static string ErrorOf(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.GetProperty("error").GetString() ?? text;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return text.Length > 300 ? text[..300] : text;
        }
    }
}
