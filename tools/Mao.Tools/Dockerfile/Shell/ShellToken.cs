namespace Mao.Tools.Dockerfile.Shell;

internal enum ShellTokenKind
{
    Word,
    /// <summary>';', '&amp;' or a newline.</summary>
    Separator,
    AndIf,
    OrIf,
    Pipe,
    /// <summary>';;' ending a case branch.</summary>
    CaseEnd,
    OpenParen,
    CloseParen,
    /// <summary>A redirection; Text is its target (file, fd or here-document delimiter), which is not a command argument.</summary>
    Redirect,
}

internal readonly record struct ShellToken(ShellTokenKind Kind, string Text);
