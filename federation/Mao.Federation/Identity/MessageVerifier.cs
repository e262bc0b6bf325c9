using Mao.Core;
using Mao.Federation.Registry.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mao.Federation.Identity;

/// <summary>
/// Opens signed messages read from the registry: strict parse, known kind, key published by the signer,
/// valid signature, signer is the message's site, and not a replay. Every rejection is logged and thrown.
/// </summary>
public sealed class MessageVerifier(ISiteKeyResolver keys, ReplayGuard? replays = null, ILogger? logger = null)
{
    private readonly ReplayGuard _replays = replays ?? new ReplayGuard();
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>Verifies and returns the message; <see cref="Verified{T}.Repeated"/> marks an exact duplicate of one already admitted.</summary>
    public async Task<Verified<T>> OpenAsync<T>(string json, string where, CancellationToken cancellationToken) where T : ISignedMessage
    {
        try
        {
            return await OpenCoreAsync<T>(json, where, cancellationToken);
        }
        catch (MessageRejectedException e)
        {
            _logger.LogWarning("Rejected {Kind} at {Where}: {Reason}", T.CurrentFormat, e.Where, e.Reason);
            throw;
        }
    }

    private async Task<Verified<T>> OpenCoreAsync<T>(string json, string where, CancellationToken cancellationToken) where T : ISignedMessage
    {
        SignedEnvelope envelope;
        try
        {
            envelope = RegistryDocuments.Parse<SignedEnvelope>(json, where, SignedEnvelope.CurrentFormat, e => e.Format);
        }
        catch (MaoFormatException e)
        {
            throw new MessageRejectedException(where, $"not a signed message ({e.Problem})", e);
        }
        if (envelope.Kind != T.CurrentFormat)
        {
            throw new MessageRejectedException(where, $"expected a signed {T.CurrentFormat}, got {envelope.Kind}");
        }
        if (string.IsNullOrEmpty(envelope.Signature))
        {
            throw new MessageRejectedException(where, "unsigned message");
        }
        var key = await keys.FindAsync(envelope.Signer, envelope.KeyId, cancellationToken)
            ?? throw new MessageRejectedException(where, $"site '{envelope.Signer}' has published no key {envelope.KeyId}");
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(envelope.Signature);
        }
        catch (FormatException e)
        {
            throw new MessageRejectedException(where, "signature is not base64", e);
        }
        var input = SignedEnvelope.SigningInput(envelope.Kind, envelope.Signer, envelope.KeyId, envelope.Payload);
        if (!key.Verify(input, signature, where))
        {
            throw new MessageRejectedException(where, $"signature does not verify with {envelope.Signer}'s key {envelope.KeyId}: forged or altered");
        }
        T message;
        try
        {
            message = RegistryDocuments.Parse<T>(envelope.Payload, where, T.CurrentFormat, m => m.Format);
            message.Validate(where);
        }
        catch (MaoFormatException e)
        {
            throw new MessageRejectedException(where, $"signed payload unusable: {e.Problem}", e);
        }
        if (message.Site != envelope.Signer)
        {
            throw new MessageRejectedException(where, $"message of site '{message.Site}' signed by '{envelope.Signer}'");
        }
        var fresh = _replays.Admit(T.CurrentFormat, message.Tool, message.Round, message.Site, message.Revision, envelope.Payload, where);
        return new Verified<T>(message, envelope, Repeated: !fresh);
    }
}

/// <summary>A message whose signature checked out, with the envelope it came in (to pass on unchanged).</summary>
public sealed record Verified<T>(T Message, SignedEnvelope Envelope, bool Repeated = false);
