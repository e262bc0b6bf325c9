namespace Mao.Tools.Dockerfile.Linting;

/// <summary>hadolint's levels, most severe first. Only <see cref="Error"/> makes <c>mao lint</c> fail.</summary>
public enum Severity
{
    Error,
    Warning,
    Info,
    Style,
}
