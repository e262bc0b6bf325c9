namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>A leading <c>--name=value</c> (or bare <c>--name</c>) flag of an instruction, e.g. <c>COPY --from=build</c>.</summary>
public sealed record InstructionFlag(string Name, string? Value);
