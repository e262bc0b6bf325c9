namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>A parsed Dockerfile: directives, instructions in order, comments (for pragmas) and syntax errors.</summary>
public sealed record DockerfileDocument(
    string Source,
    ParserDirectives Directives,
    IReadOnlyList<Instruction> Instructions,
    IReadOnlyList<Comment> Comments,
    IReadOnlyList<SyntaxError> Errors);
