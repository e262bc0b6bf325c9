using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

/// <summary>Sources and destination of COPY/ADD, from JSON or shell form; here-document markers count as sources.</summary>
internal sealed record CopyOperands(IReadOnlyList<string> Sources, string Destination)
{
    public static CopyOperands? Of(InstructionInfo info)
    {
        var words = info.Effective.Json ?? info.Words();
        return words.Count < 2 ? null : new CopyOperands(words.Take(words.Count - 1).ToArray(), words[^1]);
    }
}
