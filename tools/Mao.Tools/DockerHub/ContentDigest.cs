using System.Security.Cryptography;

namespace Mao.Tools.DockerHub;

/// <summary>
/// OCI content digests (<c>sha256:&lt;64 hex&gt;</c>, <c>sha512:&lt;128 hex&gt;</c>). Digests come from remote servers, so
/// they are validated before they name a file or a URL, and content is checked against them before it is trusted.
/// </summary>
public static class ContentDigest
{
    /// <summary>True when <paramref name="digest"/> is a well-formed sha256 or sha512 digest in lower-case hex.</summary>
    public static bool IsValid(string? digest) => TryParse(digest, out _, out _);

    /// <summary>The algorithm and hex part of a digest; throws a <see cref="FormatException"/> naming it when malformed.</summary>
    public static (string Algorithm, string Hex) Parse(string digest) =>
        TryParse(digest, out var algorithm, out var hex)
            ? (algorithm, hex)
            : throw new FormatException($"'{digest}' is not a content digest (expected sha256:<64 hex> or sha512:<128 hex>)");

    /// <summary>The digest of <paramref name="content"/> with the given algorithm (sha256 or sha512).</summary>
    public static string Compute(string algorithm, ReadOnlySpan<byte> content) => algorithm switch
    {
        "sha256" => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)),
        "sha512" => "sha512:" + Convert.ToHexStringLower(SHA512.HashData(content)),
        _ => throw new FormatException($"digest algorithm '{algorithm}' is not supported (sha256, sha512)"),
    };

    /// <summary>True when <paramref name="content"/> hashes to <paramref name="digest"/>.</summary>
    public static bool Matches(string digest, ReadOnlySpan<byte> content) =>
        TryParse(digest, out var algorithm, out _) && Compute(algorithm, content) == digest;

    private static bool TryParse(string? digest, out string algorithm, out string hex)
    {
        algorithm = hex = "";
        var colon = digest?.IndexOf(':') ?? -1;
        if (colon < 0)
        {
            return false;
        }
        algorithm = digest![..colon];
        hex = digest[(colon + 1)..];
        var length = algorithm switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        return hex.Length == length && hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
    }
}
