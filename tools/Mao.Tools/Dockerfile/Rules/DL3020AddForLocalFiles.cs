using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3020AddForLocalFiles : InstructionRule
{
    private static readonly string[] Archives = [".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".xz"];

    public override string Id => "DL3020";
    public override Severity Severity => Severity.Error;
    public override string Message => "Use COPY instead of ADD for files and folders";
    public override string Rationale => "ADD also fetches URLs and unpacks archives; for plain files that magic only surprises readers (a file that happens to be an archive gets extracted). Keep ADD for URLs and local archives you want extracted.";
    protected override string Keyword => "ADD";

    protected override bool Violates(InstructionInfo instruction, out string? detail)
    {
        detail = null;
        var operands = CopyOperands.Of(instruction);
        if (operands is null)
        {
            return false;
        }
        var local = operands.Sources.Where(s => !s.StartsWith("<<", StringComparison.Ordinal) && !IsUrl(s) && !Archives.Any(a => s.EndsWith(a, StringComparison.Ordinal))).ToArray();
        detail = local.Length > 0 ? List(local) : null;
        return local.Length > 0;
    }

    private static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal);
}
