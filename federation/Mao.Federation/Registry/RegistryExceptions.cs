namespace Mao.Federation.Registry;

/// <summary>etcd could not be reached (or did not answer) within the call's deadline.</summary>
public sealed class RegistryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A write timed out and the follow-up read could not tell whether it was committed either:
/// the caller must check again later, never assume either way.
/// </summary>
public sealed class RegistryWriteUnknownException(string key, Exception? inner = null)
    : Exception($"write to etcd key {key} timed out and its outcome could not be checked: it may or may not be stored", inner)
{
    public string Key { get; } = key;
}

/// <summary>etcd refused the call: no or wrong credentials, or the user's role does not cover the key.</summary>
public sealed class RegistryAccessDeniedException(string message, Exception? inner = null) : Exception(message, inner);
