using System.Text.Json;

namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>
/// The exec (JSON array) form of RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD and VOLUME. Like BuildKit, text that
/// starts with '[' but is not a JSON array of strings is taken as shell form, not rejected.
/// </summary>
public static class JsonForm
{
    public static IReadOnlyList<string>? TryParse(string arguments)
    {
        var text = arguments.Trim();
        if (text.Length < 2 || text[0] != '[' || text[^1] != ']')
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var items = new List<string>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    return null;
                }
                items.Add(element.GetString()!);
            }
            return items;
        }
        catch (JsonException)
        {
            return null; // not JSON: BuildKit falls back to the shell form
        }
        catch (InvalidOperationException e) when (Core.Serialization.MaoJson.IsInvalidText(e))
        {
            // An escaped lone surrogate ("\ud800") has no .NET string; Go would put U+FFFD there. Garbage either way:
            // read as shell form like any other array we cannot take, instead of failing the whole file.
            return null;
        }
    }
}
