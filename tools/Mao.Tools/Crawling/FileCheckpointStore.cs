using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mao.Tools.Crawling;

/// <summary>
/// Checkpoints as JSON lines in a folder, one file per crawl id. Each entry is appended and flushed to disk
/// before the crawler moves on; a line torn by a crash is ignored on load (its unit is simply fetched again).
/// </summary>
public sealed class FileCheckpointStore(string directory) : ICrawlCheckpointStore
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public async Task<IReadOnlyList<CheckpointEntry>> LoadAsync(string crawlId, CancellationToken cancellationToken)
    {
        var path = PathOf(crawlId);
        if (!File.Exists(path))
        {
            return [];
        }
        var entries = new List<CheckpointEntry>();
        foreach (var line in await File.ReadAllLinesAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false))
        {
            if (TryParse(line) is not { } entry)
            {
                break; // a torn last write: everything before it is whole
            }
            entries.Add(entry);
        }
        return entries;
    }

    public async Task AppendAsync(string crawlId, CheckpointEntry entry, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(new Line(entry.Unit, entry.Payload, Checksum(entry))) + "\n";
        var bytes = Encoding.UTF8.GetBytes(line);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(directory);
            await using var stream = new FileStream(PathOf(crawlId), FileMode.Append, FileAccess.Write, FileShare.Read);
            await stream.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task ClearAsync(string crawlId, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(crawlId));
        return Task.CompletedTask;
    }

    /// <summary>Crawl ids may hold '/' and other characters a file name must not: the file is named by a hash.</summary>
    private string PathOf(string crawlId) =>
        Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(crawlId)))[..32] + ".checkpoint.jsonl");

    private static CheckpointEntry? TryParse(string line)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<Line>(line);
            if (parsed is null)
            {
                return null;
            }
            var entry = new CheckpointEntry(parsed.Unit, parsed.Payload);
            return Checksum(entry) == parsed.Sha256 ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Checksum(CheckpointEntry entry) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entry.Unit + "\n" + entry.Payload)));

    private sealed record Line(string Unit, string Payload, string Sha256);
}
