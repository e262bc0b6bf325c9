namespace Mao.Tools.DockerHub;

/// <summary>
/// <see cref="IManifestCache"/> as files under a folder of the crawl's state: <c>&lt;folder&gt;/sha256/&lt;hex&gt;</c>.
/// Writes go to a temporary file renamed into place, so a crash never leaves a half-written entry under a digest.
/// </summary>
public sealed class FileManifestCache(string directory) : IManifestCache
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task<byte[]?> GetAsync(string digest, CancellationToken cancellationToken)
    {
        var path = PathOf(digest);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (ContentDigest.Matches(digest, content))
        {
            return content;
        }
        // Damaged on disk: forget it, so the registry is asked again rather than trusting wrong bytes.
        File.Delete(path);
        return null;
    }

    public async Task PutAsync(string digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathOf(digest);
        if (!ContentDigest.Matches(digest, content.Span))
        {
            var (algorithm, _) = ContentDigest.Parse(digest);
            throw new InvalidDataException(
                $"manifest cache {Directory}: content of {content.Length} bytes hashes to {ContentDigest.Compute(algorithm, content.Span)}, not to {digest}; not stored");
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The digest is validated first: it comes from a remote server and must not name a path outside the folder.</summary>
    private string PathOf(string digest)
    {
        var (algorithm, hex) = ContentDigest.Parse(digest);
        return Path.Combine(Directory, algorithm, hex);
    }
}
