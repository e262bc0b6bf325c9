using System.Security.Cryptography;
using Mao.Core.Model;

namespace Mao.Federation.Identity;

/// <summary>
/// A site's ECDSA P-256 key pair. The private key lives in the site's data folder, created on first
/// start with owner-only permissions; rotating it means deleting the file and publishing a new site card.
/// </summary>
public sealed class SiteKeyPair : IDisposable
{
    public const string FileName = "site-key.pem";
    private readonly ECDsa _key;

    private SiteKeyPair(string site, ECDsa key)
    {
        Site = site;
        _key = key;
        PublicKey = SitePublicKey.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());
    }

    public string Site { get; }

    public SitePublicKey PublicKey { get; }

    /// <summary>Fresh key pair in memory only (tests, tools that sign once).</summary>
    public static SiteKeyPair CreateEphemeral(string site) =>
        new(Identifier.Validate(site, "site name", "site key"), ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads <c>site-key.pem</c> from <paramref name="dataFolder"/>, creating it (mode 600) when absent.</summary>
    public static SiteKeyPair LoadOrCreate(string dataFolder, string site)
    {
        Identifier.Validate(site, "site name", dataFolder);
        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, FileName);
        if (File.Exists(path))
        {
            return Load(path, site);
        }
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (!OwnerOnlyFile.TryCreate(path, key.ExportPkcs8PrivateKeyPem()))
        {
            key.Dispose();
            return Load(path, site);
        }
        return new SiteKeyPair(site, key);
    }

    private static SiteKeyPair Load(string path, string site)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnlyFile.Mode & ~UnixFileMode.UserExecute) != 0)
        {
            throw new IdentityException(
                $"{path}: the site's private key is readable by others (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); run chmod 600 on it");
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new IdentityException($"{path}: not a PEM private key: {e.Message}", e);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new IdentityException($"{path}: unreadable private key: {e.Message}", e);
        }
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new IdentityException($"{path}: expected an ECDSA P-256 key, got {key.KeySize} bits");
        }
        return new SiteKeyPair(site, key);
    }

    /// <summary>IEEE P1363 (r||s) ECDSA signature over SHA-256 of <paramref name="data"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
