namespace Mao.Federation.Identity;

/// <summary>A site key that cannot be used: missing, unreadable, too widely readable, or not matching its id.</summary>
public sealed class IdentityException(string message, Exception? inner = null) : Exception(message, inner);
