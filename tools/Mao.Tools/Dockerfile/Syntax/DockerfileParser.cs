using System.Text;

namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>
/// Turns Dockerfile text into instructions with line numbers, following BuildKit's rules: parser directives at the
/// top, the escape character continues a line, comment and blank lines inside a continuation are dropped,
/// here-documents after RUN/COPY/ADD. It never throws on bad input: problems become <see cref="SyntaxError"/>s
/// and the rest of the file is still parsed.
/// </summary>
public static class DockerfileParser
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
        "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    };

    private static readonly HashSet<string> FlagKeywords = new(StringComparer.Ordinal) { "FROM", "RUN", "COPY", "ADD", "HEALTHCHECK" };
    private static readonly HashSet<string> JsonKeywords = new(StringComparer.Ordinal) { "RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME" };
    private static readonly HashSet<string> HeredocKeywords = new(StringComparer.Ordinal) { "RUN", "COPY", "ADD" };

    public static DockerfileDocument Parse(string text, string source)
    {
        var errors = new List<SyntaxError>();
        var instructions = new List<Instruction>();
        var comments = new List<Comment>();
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(new SyntaxError(1, "the file contains NUL bytes: it is binary, not a Dockerfile"));
            return new DockerfileDocument(source, ParserDirectives.Default, instructions, comments, errors);
        }
        var lines = SplitLines(text);
        var (directives, used) = ParserDirectives.Read(lines, errors);
        var escape = directives.Escape;
        var i = used;
        while (i < lines.Count)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length == 0)
            {
                i++;
                continue;
            }
            if (trimmed[0] == '#')
            {
                comments.Add(new Comment(i + 1, trimmed[1..].Trim()));
                i++;
                continue;
            }
            var start = i;
            var logical = JoinContinuations(lines, ref i, escape);
            var instruction = Build(logical, start + 1, lines, ref i, escape, errors);
            if (instruction is not null)
            {
                instructions.Add(instruction);
            }
        }
        return new DockerfileDocument(source, directives, instructions, comments, errors);
    }

    private static List<string> SplitLines(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].EndsWith('\r'))
            {
                lines[i] = lines[i][..^1];
            }
        }
        return [.. lines];
    }

    /// <summary>Joins a line and its continuation lines; on return <paramref name="index"/> is the line after the last one used.</summary>
    private static string JoinContinuations(List<string> lines, ref int index, char escape)
    {
        var builder = new StringBuilder(lines[index].TrimStart());
        index++;
        while (EndsWithEscape(builder, escape, out var cut))
        {
            builder.Length = cut;
            // comment lines and blank lines inside a continuation are dropped (blank ones are deprecated but accepted)
            while (index < lines.Count && (lines[index].Trim().Length == 0 || lines[index].TrimStart().StartsWith('#')))
            {
                index++;
            }
            if (index >= lines.Count)
            {
                break; // a continuation at the end of the file just ends the instruction
            }
            builder.Append(lines[index]);
            index++;
        }
        return builder.ToString();
    }

    private static bool EndsWithEscape(StringBuilder builder, char escape, out int cut)
    {
        var end = builder.Length;
        while (end > 0 && builder[end - 1] is ' ' or '\t')
        {
            end--;
        }
        cut = end - 1;
        return end > 0 && builder[end - 1] == escape;
    }

    /// <summary>Makes the instruction of a logical line; <paramref name="index"/> moves past any here-document bodies.</summary>
    private static Instruction? Build(string logical, int line, List<string> lines, ref int index, char escape, List<SyntaxError> errors)
    {
        var keywordEnd = 0;
        while (keywordEnd < logical.Length && !char.IsWhiteSpace(logical[keywordEnd]))
        {
            keywordEnd++;
        }
        var keyword = logical[..keywordEnd].ToUpperInvariant();
        var rest = logical[keywordEnd..].Trim();
        if (!Keywords.Contains(keyword))
        {
            errors.Add(new SyntaxError(line, $"unknown instruction '{Shorten(logical[..keywordEnd])}'"));
            return null;
        }
        var heredocs = new List<Heredoc>();
        if (HeredocKeywords.Contains(keyword) && JsonForm.TryParse(rest) is null)
        {
            foreach (var marker in HeredocMarkers.Find(rest))
            {
                heredocs.Add(HeredocMarkers.ReadBody(marker, lines, ref index, line, errors));
            }
        }
        // index is the 0-based line after the last one used, i.e. the 1-based number of the last one
        return Create(keyword, rest, line, index, heredocs, escape, errors, nested: false);
    }

    private static Instruction? Create(string keyword, string rest, int line, int endLine, List<Heredoc> heredocs, char escape, List<SyntaxError> errors, bool nested)
    {
        if (rest.Length == 0)
        {
            errors.Add(new SyntaxError(line, $"{keyword} requires at least one argument"));
            return null;
        }
        Instruction? trigger = null;
        if (keyword == "ONBUILD" && !nested)
        {
            var split = rest.IndexOfAny([' ', '\t']);
            var triggerKeyword = (split < 0 ? rest : rest[..split]).ToUpperInvariant();
            var triggerRest = split < 0 ? "" : rest[split..].Trim();
            if (!Keywords.Contains(triggerKeyword))
            {
                errors.Add(new SyntaxError(line, $"unknown instruction '{Shorten(triggerKeyword)}' after ONBUILD"));
                return null;
            }
            trigger = Create(triggerKeyword, triggerRest, line, endLine, heredocs, escape, errors, nested: true);
            if (trigger is null)
            {
                return null;
            }
        }
        var flags = new List<InstructionFlag>();
        if (FlagKeywords.Contains(keyword))
        {
            rest = TakeFlags(rest, flags);
        }
        var json = JsonKeywords.Contains(keyword) ? JsonForm.TryParse(rest) : null;
        if (keyword == "SHELL" && json is null)
        {
            errors.Add(new SyntaxError(line, "SHELL requires the arguments in JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]"));
        }
        if (rest.Length == 0 && heredocs.Count == 0)
        {
            errors.Add(new SyntaxError(line, $"{keyword} has flags but no arguments"));
            return null;
        }
        var instruction = new Instruction(keyword, line, endLine, rest, flags, json, heredocs, trigger);
        InstructionChecks.Check(instruction, escape, errors);
        return instruction;
    }

    private static string TakeFlags(string rest, List<InstructionFlag> flags)
    {
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOfAny([' ', '\t']);
            var word = end < 0 ? rest : rest[..end];
            rest = end < 0 ? "" : rest[end..].TrimStart();
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            flags.Add(equals < 0
                ? new InstructionFlag(word[2..], null)
                : new InstructionFlag(word[2..equals], word[(equals + 1)..]));
        }
        return rest;
    }

    internal static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
