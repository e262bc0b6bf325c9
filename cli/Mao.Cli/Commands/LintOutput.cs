using System.Text.Encodings.Web;
using System.Text.Json;
using Mao.Tools.Dockerfile.Linting;

namespace Mao.Cli.Commands;

/// <summary>The two output formats of `mao lint`: one line per finding, or a JSON array.</summary>
public static class LintOutput
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

    public static string Name(Severity severity) => severity.ToString().ToLowerInvariant();
}
