namespace Mao.Tools.Dockerfile.Shell;

/// <summary>
/// One simple command of a RUN script: its name and arguments with quotes removed (variables and command
/// substitutions kept as written). Flags follow getopt habits: <c>--name[=v]</c> is one flag, <c>-abc</c> three.
/// </summary>
public sealed class ShellCommand
{
    private readonly bool[] _isFlag;
    private readonly List<string> _flags = [];

    public ShellCommand(string name, IReadOnlyList<string> arguments)
    {
        Name = name;
        Arguments = arguments;
        _isFlag = new bool[arguments.Count];
        for (var i = 0; i < arguments.Count; i++)
        {
            var arg = arguments[i];
            if (arg is "-" or "--" || arg.Length < 2 || arg[0] != '-')
            {
                continue;
            }
            _isFlag[i] = true;
            if (arg[1] == '-')
            {
                var equals = arg.IndexOf('=', StringComparison.Ordinal);
                _flags.Add(equals < 0 ? arg[2..] : arg[2..equals]);
            }
            else
            {
                _flags.AddRange(arg[1..].Select(c => c.ToString()));
            }
        }
    }

    public string Name { get; }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Flag names without dashes, one per occurrence (<c>-qq</c> gives "q" twice).</summary>
    public IReadOnlyList<string> Flags => _flags;

    public bool HasArg(string argument) => Arguments.Contains(argument, StringComparer.Ordinal);

    /// <summary>True when the command is <paramref name="name"/> and has any of <paramref name="arguments"/> (hadolint's cmdHasArgs).</summary>
    public bool Is(string name, params string[] arguments) =>
        string.Equals(Name, name, StringComparison.Ordinal) && (arguments.Length == 0 || Arguments.Any(a => arguments.Contains(a, StringComparer.Ordinal)));

    public bool HasFlag(string flag) => _flags.Contains(flag, StringComparer.Ordinal);

    public bool HasAnyFlag(params string[] flags) => _flags.Any(f => flags.Contains(f, StringComparer.Ordinal));

    public int CountFlag(string flag) => _flags.Count(f => string.Equals(f, flag, StringComparison.Ordinal));

    /// <summary>
    /// The arguments that are not flags, leaving out the value that follows any flag in
    /// <paramref name="flagsWithValue"/> (e.g. <c>--virtual .deps</c>) unless given inline with '='.
    /// </summary>
    public IReadOnlyList<string> Operands(params string[] flagsWithValue)
    {
        var result = new List<string>();
        for (var i = 0; i < Arguments.Count; i++)
        {
            var arg = Arguments[i];
            if (!_isFlag[i])
            {
                result.Add(arg);
                continue;
            }
            if (!arg.Contains('=', StringComparison.Ordinal) && TakesValue(arg, flagsWithValue) && i + 1 < Arguments.Count)
            {
                i++;
            }
        }
        return result;
    }

    private static bool TakesValue(string flagArgument, string[] flagsWithValue)
    {
        if (flagsWithValue.Length == 0)
        {
            return false;
        }
        if (flagArgument.StartsWith("--", StringComparison.Ordinal))
        {
            return flagsWithValue.Contains(flagArgument[2..], StringComparer.Ordinal);
        }
        return flagArgument[1..].Any(c => flagsWithValue.Contains(c.ToString(), StringComparer.Ordinal));
    }

    public override string ToString() => Arguments.Count == 0 ? Name : $"{Name} {string.Join(' ', Arguments)}";
}
