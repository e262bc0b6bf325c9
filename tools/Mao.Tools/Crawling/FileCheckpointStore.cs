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
    private readonly List<Pending> _queue = [];
    private bool _writing;

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

    /// <summary>
    /// Completes once the entry is on disk. Entries that arrive while a write is under way are written together
    /// with one fsync (group commit), so concurrent units do not queue up behind each other's disk flushes.
    /// </summary>
    public Task AppendAsync(string crawlId, CheckpointEntry entry, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(new Line(entry.Unit, entry.Payload, Checksum(entry))) + "\n";
        var pending = new Pending(crawlId, Encoding.UTF8.GetBytes(line), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool startWriter;
        lock (_queue)
        {
            _queue.Add(pending);
            startWriter = !_writing;
            _writing = true;
        }
        if (startWriter)
        {
            _ = Task.Run(WriteQueuedAsync, CancellationToken.None);
        }
        return pending.Done.Task;
    }

    private async Task WriteQueuedAsync()
    {
        while (true)
        {
            Pending[] batch;
            lock (_queue)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = [.. _queue];
                _queue.Clear();
            }
            foreach (var crawl in batch.GroupBy(p => p.CrawlId, StringComparer.Ordinal))
            {
                try
                {
                    Directory.CreateDirectory(directory);
                    await using (var stream = new FileStream(PathOf(crawl.Key), FileMode.Append, FileAccess.Write, FileShare.Read))
                    {
                        foreach (var pending in crawl)
                        {
                            await stream.WriteAsync(pending.Line).ConfigureAwait(false);
                        }
                        stream.Flush(flushToDisk: true);
                    }
                    foreach (var pending in crawl)
                    {
                        pending.Done.SetResult();
                    }
                }
                catch (Exception e)
                {
                    // Not swallowed: every caller waiting on this batch gets the exception.
                    foreach (var pending in crawl)
                    {
                        pending.Done.SetException(e);
                    }
                }
            }
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

    private sealed record Pending(string CrawlId, byte[] Line, TaskCompletionSource Done);
}
