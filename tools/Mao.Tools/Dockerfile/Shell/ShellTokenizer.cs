using System.Text;

namespace Mao.Tools.Dockerfile.Shell;

/// <summary>
/// A small POSIX shell lexer: enough to find the commands and pipes of a RUN script (quotes, escapes,
/// <c>$(...)</c>, backticks, <c>${...}</c>, redirections, comments, here-documents in multi-line scripts).
/// It never throws: unterminated constructs simply run to the end of the text.
/// </summary>
internal sealed class ShellTokenizer(string text)
{
    private readonly List<string> _pendingHeredocs = [];
    private int _p;

    /// <summary>Contents of command substitutions, to be parsed as scripts of their own.</summary>
    public List<string> Substitutions { get; } = [];

    public List<ShellToken> Tokenize()
    {
        var tokens = new List<ShellToken>();
        while (_p < text.Length)
        {
            var c = text[_p];
            switch (c)
            {
                case ' ' or '\t' or '\r':
                    _p++;
                    break;
                case '\\' when Peek(1) == '\n':
                    _p += 2;
                    break;
                case '\n':
                    _p++;
                    tokens.Add(new(ShellTokenKind.Separator, "\n"));
                    SkipHeredocBodies();
                    break;
                case '#':
                    while (_p < text.Length && text[_p] != '\n') { _p++; }
                    break;
                case ';':
                    tokens.Add(Peek(1) == ';' ? new(ShellTokenKind.CaseEnd, ";;") : new(ShellTokenKind.Separator, ";"));
                    _p += Peek(1) == ';' ? 2 : 1;
                    break;
                case '&' when Peek(1) == '&':
                    tokens.Add(new(ShellTokenKind.AndIf, "&&"));
                    _p += 2;
                    break;
                case '&' when Peek(1) == '>':
                    _p += Peek(2) == '>' ? 3 : 2;
                    tokens.Add(new(ShellTokenKind.Redirect, ReadRedirectTarget()));
                    break;
                case '&':
                    tokens.Add(new(ShellTokenKind.Separator, "&"));
                    _p++;
                    break;
                case '|' when Peek(1) == '|':
                    tokens.Add(new(ShellTokenKind.OrIf, "||"));
                    _p += 2;
                    break;
                case '|':
                    tokens.Add(new(ShellTokenKind.Pipe, "|"));
                    _p += Peek(1) == '&' ? 2 : 1;
                    break;
                case '(':
                    tokens.Add(new(ShellTokenKind.OpenParen, "("));
                    _p++;
                    break;
                case ')':
                    tokens.Add(new(ShellTokenKind.CloseParen, ")"));
                    _p++;
                    break;
                case '<' or '>':
                    tokens.Add(new(ShellTokenKind.Redirect, ReadRedirect()));
                    break;
                default:
                    if (char.IsAsciiDigit(c) && IsFdRedirect())
                    {
                        while (char.IsAsciiDigit(text[_p])) { _p++; }
                        tokens.Add(new(ShellTokenKind.Redirect, ReadRedirect()));
                    }
                    else
                    {
                        tokens.Add(new(ShellTokenKind.Word, ReadWord()));
                    }
                    break;
            }
        }
        return tokens;
    }

    private char Peek(int offset) => _p + offset < text.Length ? text[_p + offset] : '\0';

    private bool IsFdRedirect()
    {
        var i = _p;
        while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; }
        return i < text.Length && text[i] is '<' or '>';
    }

    private static readonly string[] RedirectOperators = ["<<<", "<<-", "<<", "<>", "<&", ">>", ">&", ">|", "<", ">"];

    private string ReadRedirect()
    {
        var op = RedirectOperators.First(o => string.CompareOrdinal(text, _p, o, 0, o.Length) == 0);
        _p += op.Length;
        var target = ReadRedirectTarget();
        if (op is "<<" or "<<-")
        {
            _pendingHeredocs.Add(target);
        }
        return target;
    }

    private string ReadRedirectTarget()
    {
        while (_p < text.Length && text[_p] is ' ' or '\t') { _p++; }
        if (_p >= text.Length || text[_p] is '\n' or ';' or '|' or '&' or '(' or ')' or '<' or '>')
        {
            return "";
        }
        return ReadWord();
    }

    private void SkipHeredocBodies()
    {
        foreach (var delimiter in _pendingHeredocs)
        {
            while (_p < text.Length)
            {
                var end = text.IndexOf('\n', _p);
                var line = end < 0 ? text[_p..] : text[_p..end];
                _p = end < 0 ? text.Length : end + 1;
                if (line.Trim() == delimiter) { break; }
            }
        }
        _pendingHeredocs.Clear();
    }

    private string ReadWord()
    {
        var word = new StringBuilder();
        while (_p < text.Length)
        {
            var c = text[_p];
            if (c is ' ' or '\t' or '\r' or '\n' or ';' or '&' or '|' or '(' or ')' or '<' or '>')
            {
                break;
            }
            switch (c)
            {
                case '\\':
                    if (Peek(1) != '\n' && _p + 1 < text.Length) { word.Append(text[_p + 1]); }
                    _p += 2;
                    break;
                case '\'':
                    var close = text.IndexOf('\'', _p + 1);
                    close = close < 0 ? text.Length : close;
                    word.Append(text, _p + 1, close - _p - 1);
                    _p = close + 1;
                    break;
                case '"':
                    ReadDoubleQuoted(word);
                    break;
                case '$':
                    ReadDollar(word);
                    break;
                case '`':
                    ReadBackticks(word);
                    break;
                default:
                    word.Append(c);
                    _p++;
                    break;
            }
        }
        return word.ToString();
    }

    private void ReadDoubleQuoted(StringBuilder word)
    {
        _p++;
        while (_p < text.Length && text[_p] != '"')
        {
            var c = text[_p];
            if (c == '\\' && _p + 1 < text.Length)
            {
                var next = text[_p + 1];
                if (next != '\n') { word.Append(next is '"' or '\\' or '$' or '`' ? next.ToString() : "\\" + next); }
                _p += 2;
            }
            else if (c == '$') { ReadDollar(word); }
            else if (c == '`') { ReadBackticks(word); }
            else { word.Append(c); _p++; }
        }
        _p++;
    }

    private void ReadDollar(StringBuilder word)
    {
        if (Peek(1) == '(' && Peek(2) == '(')
        {
            var end = FindClosing(_p + 3, '(', ')');
            end = FindClosing(end, '(', ')'); // the second ')' of '))'
            word.Append(text, _p, Math.Min(end, text.Length) - _p);
            _p = Math.Min(end, text.Length);
        }
        else if (Peek(1) == '(')
        {
            var end = FindClosing(_p + 2, '(', ')');
            var contentEnd = Math.Min(end - 1, text.Length);
            Substitutions.Add(text[(_p + 2)..Math.Max(_p + 2, contentEnd)]);
            word.Append(text, _p, Math.Min(end, text.Length) - _p);
            _p = Math.Min(end, text.Length);
        }
        else if (Peek(1) == '{')
        {
            var end = FindClosing(_p + 2, '{', '}');
            word.Append(text, _p, Math.Min(end, text.Length) - _p);
            _p = Math.Min(end, text.Length);
        }
        else
        {
            word.Append('$');
            _p++;
        }
    }

    private void ReadBackticks(StringBuilder word)
    {
        var close = _p + 1;
        while (close < text.Length && text[close] != '`')
        {
            close += text[close] == '\\' ? 2 : 1;
        }
        close = Math.Min(close, text.Length);
        Substitutions.Add(text[(_p + 1)..close]);
        word.Append(text, _p, Math.Min(close + 1, text.Length) - _p);
        _p = close + 1;
    }

    /// <summary>Index just after the bracket that closes one opened before <paramref name="from"/>, skipping quoted text.</summary>
    private int FindClosing(int from, char open, char close)
    {
        var depth = 1;
        var i = from;
        while (i < text.Length && depth > 0)
        {
            var c = text[i];
            if (c == '\\') { i += 2; continue; }
            if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                i = end < 0 ? text.Length : end + 1;
                continue;
            }
            if (c == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"') { i += text[i] == '\\' ? 2 : 1; }
                i++;
                continue;
            }
            if (c == open) { depth++; }
            else if (c == close) { depth--; }
            i++;
        }
        return i;
    }
}
