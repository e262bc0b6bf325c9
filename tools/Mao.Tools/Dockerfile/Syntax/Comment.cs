namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>A comment line outside any instruction; <see cref="Text"/> is what follows the '#', trimmed.</summary>
public sealed record Comment(int Line, string Text);
