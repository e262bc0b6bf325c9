namespace Mao.Federation.Git;

/// <summary>
/// libgit2 pushes to a path remote by writing its refs directly, without the compare-and-swap a real git
/// server does, so two concurrent pushes could overwrite each other's update. For path remotes we take an
/// exclusive lock file in the remote (an OS-level lock, so it also holds across processes). URL remotes
/// (http, ssh) check the old value on the server and need no lock.
/// </summary>
internal sealed class LocalRemoteLock : IDisposable
{
    private readonly FileStream? _lock;

    private LocalRemoteLock(FileStream? stream) => _lock = stream;

    public static LocalRemoteLock Acquire(string url)
    {
        var path = url.StartsWith("file://", StringComparison.Ordinal) ? new Uri(url).LocalPath : url;
        if (url.Contains("://", StringComparison.Ordinal) && !url.StartsWith("file://", StringComparison.Ordinal) || !Directory.Exists(path))
        {
            return new LocalRemoteLock(null);
        }
        var lockPath = Path.Combine(path, "mao-push.lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return new LocalRemoteLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(Random.Shared.Next(5, 25));
            }
        }
    }

    public void Dispose() => _lock?.Dispose();
}
