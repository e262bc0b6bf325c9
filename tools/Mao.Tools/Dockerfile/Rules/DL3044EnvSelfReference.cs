using System.Text.RegularExpressions;
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
                var reference = new Regex(@"\$(\{" + Regex.Escape(name) + @"[}:+\-]|" + Regex.Escape(name) + @"(?![A-Za-z0-9_]))", RegexOptions.CultureInvariant);
                if (pairs.Where((_, j) => j != i).Any(p => p.Value is not null && reference.IsMatch(p.Value)))
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
}
