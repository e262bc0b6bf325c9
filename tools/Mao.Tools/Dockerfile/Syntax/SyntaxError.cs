namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>A problem that makes (part of) a Dockerfile unbuildable, with the 1-based line it was found on.</summary>
public sealed record SyntaxError(int Line, string Message);
