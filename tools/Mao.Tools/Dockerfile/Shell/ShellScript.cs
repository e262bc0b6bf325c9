using System.Text.RegularExpressions;

namespace Mao.Tools.Dockerfile.Shell;

/// <summary>
/// The commands of a POSIX shell script (a RUN instruction), including those inside <c>$(...)</c>, loops,
/// conditionals and case branches, and whether it uses a pipe. This is what the rules look at: like hadolint,
/// a command is matched by its name as written (<c>apt-get</c>), not through wrappers such as <c>xargs</c>.
/// </summary>
public sealed partial class ShellScript
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!", "time",
    };

    private ShellScript(string original, IReadOnlyList<ShellCommand> commands, bool hasPipes)
    {
        Original = original;
        Commands = commands;
        HasPipes = hasPipes;
    }

    public string Original { get; }

    public IReadOnlyList<ShellCommand> Commands { get; }

    public bool HasPipes { get; }

    public bool Uses(string commandName) => Commands.Any(c => string.Equals(c.Name, commandName, StringComparison.Ordinal));

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\+?=", RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();

    public static ShellScript Parse(string script) => Parse(script, depth: 0);

    /// <summary>One script made of several (a RUN's command line and its here-document bodies).</summary>
    public static ShellScript Concat(IReadOnlyList<ShellScript> parts) =>
        new(string.Join('\n', parts.Select(p => p.Original)), parts.SelectMany(p => p.Commands).ToArray(), parts.Any(p => p.HasPipes));

    private static ShellScript Parse(string script, int depth)
    {
        var tokenizer = new ShellTokenizer(script);
        var tokens = tokenizer.Tokenize();
        var builder = new Builder();
        foreach (var token in tokens)
        {
            builder.Add(token);
        }
        builder.Finish();
        var commands = builder.Commands;
        var hasPipes = builder.HasPipes;
        if (depth < 8) // guards against pathological nesting
        {
            foreach (var substitution in tokenizer.Substitutions)
            {
                var inner = Parse(substitution, depth + 1);
                commands.AddRange(inner.Commands);
                hasPipes |= inner.HasPipes;
            }
        }
        return new ShellScript(script, commands, hasPipes);
    }

    /// <summary>Groups tokens into simple commands, skipping reserved words, assignments, loop headers and case patterns.</summary>
    private sealed class Builder
    {
        private readonly List<string> _words = [];
        private bool _atStart = true;
        private bool _skipToSeparator;   // 'for x in a b c' headers
        private bool _skipToIn;          // 'case word in'
        private bool _inPattern;         // a case pattern up to ')'
        private int _caseDepth;

        public List<ShellCommand> Commands { get; } = [];
        public bool HasPipes { get; private set; }

        public void Add(ShellToken token)
        {
            if (_inPattern)
            {
                if (token.Kind == ShellTokenKind.CloseParen) { _inPattern = false; _atStart = true; }
                else if (token is { Kind: ShellTokenKind.Word, Text: "esac" }) { _inPattern = false; _caseDepth--; }
                return;
            }
            switch (token.Kind)
            {
                case ShellTokenKind.Word:
                    AddWord(token.Text);
                    break;
                case ShellTokenKind.Redirect:
                    break;
                case ShellTokenKind.Pipe:
                    Finish();
                    HasPipes = true;
                    break;
                case ShellTokenKind.CaseEnd:
                    Finish();
                    _inPattern = _caseDepth > 0;
                    break;
                case ShellTokenKind.OpenParen when _atStart:
                    break; // a subshell
                default:
                    Finish();
                    _skipToSeparator = false;
                    break;
            }
        }

        private void AddWord(string word)
        {
            if (_skipToIn)
            {
                if (word == "in") { _skipToIn = false; _inPattern = true; }
                return;
            }
            if (_skipToSeparator)
            {
                return;
            }
            if (_atStart)
            {
                if (Reserved.Contains(word) || Assignment().IsMatch(word)) { return; }
                switch (word)
                {
                    case "for" or "select":
                        _skipToSeparator = true;
                        return;
                    case "case":
                        _skipToIn = true;
                        _caseDepth++;
                        return;
                    case "esac":
                        _caseDepth = Math.Max(0, _caseDepth - 1);
                        return;
                }
                _atStart = false;
            }
            _words.Add(word);
        }

        public void Finish()
        {
            if (_words.Count > 0)
            {
                Commands.Add(new ShellCommand(_words[0], _words.Skip(1).ToArray()));
                _words.Clear();
            }
            _atStart = true;
        }
    }
}
