namespace Mao.Tools.Dockerfile.Linting;

/// <summary>One rule violation (or syntax error, rule DL1000) at a 1-based line.</summary>
public sealed record Finding(string Rule, Severity Severity, int Line, string Message);
