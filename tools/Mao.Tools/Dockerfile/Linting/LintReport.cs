using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mao.Tools.Dockerfile.Linting;

/// <summary>
/// What `mao lint` prints and returns: one line per finding (<c>file:line RULE severity: message</c>) or a JSON
/// array of {file, line, rule, severity, message}; exit code 0 clean or no errors, 1 when any error-severity
/// finding (syntax errors included), 2 when a file could not be read.
/// </summary>
public static class LintReport
{
    public static async Task WriteTextAsync(IEnumerable<LintResult> results, TextWriter output)
    {
        foreach (var result in results)
        {
            foreach (var finding in result.Findings)
            {
                await output.WriteLineAsync($"{result.Target}:{finding.Line} {finding.Rule} {Name(finding.Severity)}: {finding.Message}").ConfigureAwait(false);
            }
        }
    }

    public static async Task WriteJsonAsync(IEnumerable<LintResult> results, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var result in results)
            {
                foreach (var finding in result.Findings)
                {
                    writer.WriteStartObject();
                    writer.WriteString("file", result.Target);
                    writer.WriteNumber("line", finding.Line);
                    writer.WriteString("rule", finding.Rule);
                    writer.WriteString("severity", Name(finding.Severity));
                    writer.WriteString("message", finding.Message);
                    writer.WriteEndObject();
                }
            }
            writer.WriteEndArray();
        }
        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
    }

    public const int ExitErrors = 1;
    public const int ExitUnreadable = 2;

    public static int ExitCode(IEnumerable<LintResult> results, bool anyUnreadable) =>
        anyUnreadable ? ExitUnreadable : results.Any(r => r.HasErrors) ? ExitErrors : 0;

    public static string Name(Severity severity) => severity.ToString().ToLowerInvariant();
}
