namespace Mao.Tools.Gateway;

/// <summary>Why a submitted snapshot was refused, with the HTTP status the endpoint should answer.</summary>
public sealed class GatewayRejection(int statusCode, string problem, Exception? inner = null) : Exception(problem, inner)
{
    public int StatusCode { get; } = statusCode;
    public string Problem { get; } = problem;
}
