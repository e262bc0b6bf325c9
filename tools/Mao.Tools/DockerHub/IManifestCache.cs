namespace Mao.Tools.DockerHub;

/// <summary>
/// Registry documents (manifests, image indexes, config blobs) kept by digest. They are content-addressed, so a
/// digest's content never changes: each is fetched from the registry once ever, which is what makes crawling
/// feasible under the registry's pull limit. Implementations check content against the digest both ways: a
/// <see cref="PutAsync"/> of content that does not hash to its digest is refused, and a stored entry that no longer
/// matches is not returned. A file store lives here; a blob-backed one plugs in the same way.
/// </summary>
public interface IManifestCache
{
    /// <summary>The content stored under <paramref name="digest"/>, or null when there is none (or it was corrupt).</summary>
    Task<byte[]?> GetAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="content"/> under <paramref name="digest"/>; throws when it does not hash to the digest.</summary>
    Task PutAsync(string digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
