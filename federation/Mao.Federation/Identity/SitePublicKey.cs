using System.Security.Cryptography;

namespace Mao.Federation.Identity;

/// <summary>A site's public key as published in its site card: base64 SubjectPublicKeyInfo plus a short key id.</summary>
public sealed record SitePublicKey(string KeyId, string SubjectPublicKeyInfo)
{
    public static SitePublicKey FromSubjectPublicKeyInfo(byte[] spki) =>
        new(KeyIdOf(spki), Convert.ToBase64String(spki));

    /// <summary>First 16 bytes of SHA-256 of the SPKI, hex: names the key in messages and in <c>/mao/keys/&lt;site&gt;/&lt;keyId&gt;</c>.</summary>
    public static string KeyIdOf(byte[] spki) => Convert.ToHexStringLower(SHA256.HashData(spki).AsSpan(0, 16));

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, string where)
    {
        byte[] spki;
        try
        {
            spki = Convert.FromBase64String(SubjectPublicKeyInfo);
        }
        catch (FormatException e)
        {
            throw new IdentityException($"{where}: public key {KeyId} is not base64", e);
        }
        if (KeyIdOf(spki) != KeyId)
        {
            throw new IdentityException($"{where}: public key does not match its key id {KeyId}");
        }
        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(spki, out _);
        }
        catch (CryptographicException e)
        {
            throw new IdentityException($"{where}: public key {KeyId} is not an ECDSA key: {e.Message}", e);
        }
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
