using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3044EnvSelfReference : DockerfileRule
{
    public override string Id => "DL3044";
    public override Severity Severity => Severity.Error;
    public override string Message => "Do not refer to an environment variable within the same `ENV` statement where it is defined.";
    public override string Rationale => "All pairs of one ENV are substituted with the values from before the statement, so ENV A=1 B=$A sets B to the old (usually empty) A. A variable referring to itself (PATH=$PATH:...) or one defined earlier is fine.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var info in context.Instructions)
        {
            var instruction = info.Instruction;
            if (instruction.Is("ARG"))
            {
                defined.UnionWith(ArgumentSplitter.Pairs(instruction.Arguments, context.Escape, valueOptional: true, out _).Select(p => p.Key));
                continue;
            }
            if (!instruction.Is("ENV"))
            {
                continue;
            }
            var pairs = ArgumentSplitter.Pairs(instruction.Arguments, context.Escape, valueOptional: false, out _);
            var culprits = new List<string>();
            for (var i = 0; i < pairs.Count; i++)
            {
                var name = pairs[i].Key;
                if (defined.Contains(name))
                {
                    continue;
                }
                if (pairs.Where((_, j) => j != i).Any(p => p.Value is not null && References(p.Value, name)))
                {
                    culprits.Add(name);
                }
            }
            defined.UnionWith(pairs.Select(p => p.Key));
            if (culprits.Count > 0)
            {
                yield return At(instruction.Line, List(culprits));
            }
        }
    }

    /// <summary>True when <paramref name="value"/> contains $name (not followed by a name character) or ${name...}.</summary>
    private static bool References(string value, string name)
    {
        for (var at = value.IndexOf('$', StringComparison.Ordinal); at >= 0; at = value.IndexOf('$', at + 1))
        {
            var start = at + 1;
            var braced = start < value.Length && value[start] == '{';
            if (braced)
            {
                start++;
            }
            if (string.CompareOrdinal(value, start, name, 0, name.Length) != 0)
            {
                continue;
            }
            var end = start + name.Length;
            var next = end < value.Length ? value[end] : '\0';
            if (braced ? next is '}' or ':' or '-' or '+' : !(char.IsAsciiLetterOrDigit(next) || next == '_'))
            {
                return true;
            }
        }
        return false;
    }
}
