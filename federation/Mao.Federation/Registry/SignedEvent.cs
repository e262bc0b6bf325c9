using Mao.Federation.Identity;

namespace Mao.Federation.Registry;

/// <summary>
/// A watched change to a signed key: either a verified message to act on, or the reason it was rejected
/// (logged, never acted on). Exact duplicates of an admitted message are not delivered at all.
/// </summary>
public sealed record SignedEvent<T>(RegistryEvent Change, Verified<T>? Accepted, MessageRejectedException? Rejection)
    where T : ISignedMessage;
