using System.Text;

namespace Mao.Federation.Identity;

/// <summary>
/// What goes on the wire: the payload as the exact JSON text that was signed (so no re-serialisation can
/// change the signed bytes), the signer and key, and an ECDSA P-256 signature in base64.
/// </summary>
public sealed record SignedEnvelope(string Kind, string Signer, string KeyId, string Payload, string Signature)
{
    public const string CurrentFormat = "mao.signed/1";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>The canonical bytes signed: format, kind, signer, key id and payload, newline-separated, UTF-8.</summary>
    public static byte[] SigningInput(string kind, string signer, string keyId, string payload) =>
        Encoding.UTF8.GetBytes($"{CurrentFormat}\n{kind}\n{signer}\n{keyId}\n{payload}");
}
