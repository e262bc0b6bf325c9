namespace Mao.Tools.Dockerfile.Linting;

/// <summary>
/// The image of a FROM line split into name, tag and digest: <c>registry:5000/ns/name:tag@sha256:...</c>.
/// A ':' only starts a tag after the last '/', so a registry port is not mistaken for one.
/// </summary>
public sealed record ImageReference(string Name, string? Tag, string? Digest)
{
    public static ImageReference Parse(string text)
    {
        string? digest = null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            text = text[..at];
        }
        var slash = text.LastIndexOf('/');
        var colon = text.LastIndexOf(':');
        return colon > slash
            ? new ImageReference(text[..colon], text[(colon + 1)..], digest)
            : new ImageReference(text, null, digest);
    }

    public bool IsScratch => string.Equals(Name, "scratch", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);
}
