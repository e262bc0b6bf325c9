using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3021CopyDestinationSlash : InstructionRule
{
    public override string Id => "DL3021";
    public override Severity Severity => Severity.Error;
    public override string Message => "COPY with more than 2 arguments requires the last argument to end with /";
    public override string Rationale => "With several sources the destination must be a directory; without the trailing '/' the build fails (or, with one matching file, silently creates a file).";
    protected override string Keyword => "COPY";

    protected override bool Violates(InstructionInfo instruction, out string? detail)
    {
        detail = null;
        var operands = CopyOperands.Of(instruction);
        return operands is { Sources.Count: > 1 } && !operands.Destination.EndsWith('/') && !operands.Destination.EndsWith('\\');
    }
}
