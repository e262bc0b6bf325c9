using System.Text.RegularExpressions;

namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>
/// The argument checks BuildKit makes when it reads an instruction (wrong number of arguments, bad stage names,
/// malformed ENV pairs, unclosed quotes). A failed check is a syntax error; the instruction is still kept.
/// </summary>
internal static partial class InstructionChecks
{
    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex StageName();

    public static void Check(Instruction instruction, char escape, List<SyntaxError> errors)
    {
        var line = instruction.Line;
        string? error = null;
        switch (instruction.Keyword)
        {
            case "FROM":
                var words = ArgumentSplitter.Words(instruction.Arguments, escape, out error);
                if (error is null && words.Count is not 1 and not 3)
                {
                    error = "FROM takes an image and optionally 'AS <name>': FROM <image> [AS <name>]";
                }
                else if (error is null && words.Count == 3 && !words[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
                {
                    error = $"FROM expects 'AS' before the stage name, found '{DockerfileParser.Shorten(words[1])}'";
                }
                else if (error is null && words.Count == 3 && !StageName().IsMatch(words[2]))
                {
                    error = $"invalid stage name '{DockerfileParser.Shorten(words[2])}': it must start with a letter and contain only letters, digits, '_', '.' and '-'";
                }
                break;
            case "COPY" or "ADD" when instruction.Json is { Count: < 2 }:
                error = $"{instruction.Keyword} needs at least a source and a destination";
                break;
            case "COPY" or "ADD" when instruction.Json is null:
                var operands = ArgumentSplitter.Words(instruction.Arguments, escape, out error);
                if (error is null && operands.Count < 2)
                {
                    error = $"{instruction.Keyword} needs at least a source and a destination";
                }
                break;
            case "ENV" or "LABEL":
                ArgumentSplitter.Pairs(instruction.Arguments, escape, valueOptional: false, out error);
                break;
            case "ARG":
                ArgumentSplitter.Pairs(instruction.Arguments, escape, valueOptional: true, out error);
                break;
            case "HEALTHCHECK":
                var first = instruction.Arguments.Split([' ', '\t'], 2)[0].ToUpperInvariant();
                if (first is not ("CMD" or "NONE"))
                {
                    error = $"HEALTHCHECK expects CMD or NONE, found '{DockerfileParser.Shorten(first)}'";
                }
                break;
        }
        if (error is not null)
        {
            errors.Add(new SyntaxError(line, error));
        }
    }
}
