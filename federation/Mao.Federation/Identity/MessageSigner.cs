using Mao.Core.Serialization;

namespace Mao.Federation.Identity;

/// <summary>Signs messages with the site's key: the payload is serialised once, and those bytes are what is signed.</summary>
public sealed class MessageSigner(SiteKeyPair key)
{
    public SiteKeyPair Key { get; } = key;

    public SignedEnvelope Sign<T>(T message) where T : ISignedMessage
    {
        message.Validate($"message to sign ({T.CurrentFormat})");
        if (message.Format != T.CurrentFormat)
        {
            throw new InvalidOperationException($"cannot sign a {message.Format} message as {T.CurrentFormat}");
        }
        if (message.Site != Key.Site)
        {
            throw new InvalidOperationException($"site {Key.Site} cannot sign a message of site {message.Site}");
        }
        var payload = MaoJson.Write(message);
        var signature = Key.Sign(SignedEnvelope.SigningInput(T.CurrentFormat, Key.Site, Key.PublicKey.KeyId, payload));
        return new SignedEnvelope(T.CurrentFormat, Key.Site, Key.PublicKey.KeyId, payload, Convert.ToBase64String(signature));
    }

    public string SignToJson<T>(T message) where T : ISignedMessage => MaoJson.Write(Sign(message));
}
