using System.Security.Cryptography;
using Azure.Storage.Blobs.Specialized;

namespace Mao.Federation.Store;

/// <summary>
/// A snapshot on its way to a staging blob: a write-only stream that hashes (SHA-256) what passes through and hands it
/// to the blob's block upload, so neither the bytes nor a temporary file of them are kept. <see cref="CompleteAsync"/>
/// commits the blocks and returns the content id and size. Disposing deletes the staging blob (a failed write leaves
/// only uncommitted blocks, which the service drops after a week).
/// </summary>
internal sealed class StagedUpload(BlockBlobClient blob, Stream upload) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;
    private bool _completed;

    public BlockBlobClient Blob => blob;

    public async Task<(string ContentId, long Size)> CompleteAsync(CancellationToken cancellationToken)
    {
        await upload.FlushAsync(cancellationToken);
        await upload.DisposeAsync(); // commits the block list
        _completed = true;
        return (Convert.ToHexStringLower(_hash.GetHashAndReset()), _length);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Writable();
        _hash.AppendData(buffer);
        _length += buffer.Length;
        upload.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Writable();
        _hash.AppendData(buffer.Span);
        _length += buffer.Length;
        await upload.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_completed;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Removes the staging blob, placed or not (a copy under the content id is its own blob).</summary>
    public override async ValueTask DisposeAsync()
    {
        _completed = true;
        await blob.DeleteIfExistsAsync().ConfigureAwait(false);
        _hash.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Writable()
    {
        if (_completed)
        {
            throw new InvalidOperationException("the upload is complete");
        }
    }
}
