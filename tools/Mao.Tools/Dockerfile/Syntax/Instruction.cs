namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>
/// One Dockerfile instruction after line continuations are joined and comment lines inside it removed.
/// </summary>
public sealed class Instruction
{
    public Instruction(string keyword, int line, int endLine, string arguments, IReadOnlyList<InstructionFlag> flags,
        IReadOnlyList<string>? json, IReadOnlyList<Heredoc> heredocs, Instruction? trigger = null)
    {
        Keyword = keyword;
        Line = line;
        EndLine = endLine;
        Arguments = arguments;
        Flags = flags;
        Json = json;
        Heredocs = heredocs;
        Trigger = trigger;
    }

    /// <summary>Upper-case keyword: FROM, RUN, COPY, ...</summary>
    public string Keyword { get; }

    /// <summary>1-based line the instruction starts on (where findings point).</summary>
    public int Line { get; }

    /// <summary>1-based last line, including continuation lines and here-document bodies.</summary>
    public int EndLine { get; }

    /// <summary>The text after the keyword and the leading flags, continuation escapes removed.</summary>
    public string Arguments { get; }

    public IReadOnlyList<InstructionFlag> Flags { get; }

    /// <summary>The arguments when written in JSON (exec) form, else null.</summary>
    public IReadOnlyList<string>? Json { get; }

    public bool IsJsonForm => Json is not null;

    public IReadOnlyList<Heredoc> Heredocs { get; }

    /// <summary>For ONBUILD: the instruction it registers for child images.</summary>
    public Instruction? Trigger { get; }

    public bool Is(string keyword) => string.Equals(Keyword, keyword, StringComparison.Ordinal);

    public bool HasFlag(string name) => Flags.Any(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>The value of the last flag with this name (BuildKit keeps the last), or null.</summary>
    public string? FlagValue(string name) =>
        Flags.LastOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))?.Value;

    /// <summary>All values of a repeatable flag such as RUN --mount.</summary>
    public IEnumerable<string> FlagValues(string name) =>
        Flags.Where(f => string.Equals(f.Name, name, StringComparison.Ordinal) && f.Value is not null).Select(f => f.Value!);

    public override string ToString() => $"{Line}: {Keyword} {Arguments}";
}
