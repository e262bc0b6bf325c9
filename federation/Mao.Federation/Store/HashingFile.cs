using System.Security.Cryptography;

namespace Mao.Federation.Store;

/// <summary>
/// A temporary file that hashes (SHA-256) everything written to it: a snapshot streams through it once,
/// and then its id is known and its bytes can be uploaded or parsed without holding them in memory.
/// </summary>
internal sealed class HashingFile : Stream
{
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _digest;

    public HashingFile(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, $"mao-snapshot-{Guid.NewGuid():N}.tmp");
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    /// <summary>Ends writing: returns the lower-case hex SHA-256 and rewinds the file for reading.</summary>
    public string Complete()
    {
        _digest ??= Convert.ToHexStringLower(_hash.GetHashAndReset());
        _file.Flush();
        _file.Position = 0;
        return _digest;
    }

    public override long Length => _file.Length;

    public override long Position { get => _file.Position; set => _file.Position = value; }

    public override bool CanRead => _digest is not null;

    public override bool CanSeek => _digest is not null;

    public override bool CanWrite => _digest is null;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_digest is not null)
        {
            throw new InvalidOperationException("the file is complete");
        }
        _hash.AppendData(buffer);
        _file.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_digest is not null)
        {
            throw new InvalidOperationException("the file is complete");
        }
        _hash.AppendData(buffer.Span);
        await _file.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _file.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _file.ReadAsync(buffer, offset, count, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void Flush() => _file.Flush();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
