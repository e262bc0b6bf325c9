using Mao.Tools.Dockerfile.Shell;
using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Dockerfile.Linting;

/// <summary>An instruction with what the rules need to know about its place: stage, shell, variables in scope.</summary>
public sealed class InstructionInfo
{
    private readonly char _escape;
    private ShellScript? _script;
    private bool _scriptParsed;

    internal InstructionInfo(Instruction instruction, Stage? stage, bool posixShell, IReadOnlyDictionary<string, string> variables, char escape)
    {
        Instruction = instruction;
        Stage = stage;
        PosixShell = posixShell;
        Variables = variables;
        _escape = escape;
    }

    /// <summary>The instruction as written; its line is where findings point.</summary>
    public Instruction Instruction { get; }

    /// <summary>The instruction that takes effect: the trigger of an ONBUILD, else the instruction itself.</summary>
    public Instruction Effective => Instruction.Trigger ?? Instruction;

    public bool IsOnbuild => Instruction.Trigger is not null;

    /// <summary>The stage the instruction belongs to; null before the first FROM.</summary>
    public Stage? Stage { get; }

    /// <summary>False under a PowerShell or cmd SHELL (or a Windows base image): shell rules then do not apply.</summary>
    public bool PosixShell { get; }

    /// <summary>ARG and ENV values in scope.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>The shell-form words of the effective instruction, quotes removed.</summary>
    public IReadOnlyList<string> Words() => ArgumentSplitter.Words(Effective.Arguments, _escape, out _);

    public string Expand(string text, out bool resolved) => Syntax.Variables.Expand(text, Variables, _escape, out resolved);

    /// <summary>The script of a RUN (command line and, where it is the script, here-document bodies) under a POSIX shell, else null.</summary>
    public ShellScript? Script
    {
        get
        {
            if (!_scriptParsed)
            {
                _scriptParsed = true;
                _script = PosixShell && Effective.Is("RUN") ? RunScript.Of(Effective) : null;
            }
            return _script;
        }
    }
}
