namespace Mao.Federation.Identity;

/// <summary>A message that must not be acted on: unsigned, forged, signed by someone else, or a replay.</summary>
public sealed class MessageRejectedException(string where, string reason, Exception? inner = null)
    : Exception($"{where}: message rejected: {reason}", inner)
{
    public string Where { get; } = where;

    public string Reason { get; } = reason;
}
