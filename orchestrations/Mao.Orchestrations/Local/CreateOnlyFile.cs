namespace Mao.Orchestrations.Local;

/// <summary>
/// Create-only writes: the file appears complete or not at all, and an existing file is never replaced.
/// This is what makes activities idempotent and exactly-once publication observable on a plain file system.
/// </summary>
public static class CreateOnlyFile
{
    public enum Outcome
    {
        /// <summary>This call created the file.</summary>
        Created,

        /// <summary>The file was there already with exactly these bytes (a re-run).</summary>
        AlreadyThere,
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> unless it exists; a different existing content is an error.</summary>
    public static async Task<Outcome> WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return await SameAsync(path, bytes, cancellationToken);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
        try
        {
            // Without overwrite, .NET moves with link()+unlink() on Unix: fails when the target exists, never replaces it.
            File.Move(temporary, path, overwrite: false);
            return Outcome.Created;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return await SameAsync(path, bytes, cancellationToken);
        }
    }

    private static async Task<Outcome> SameAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var existing = await File.ReadAllBytesAsync(path, cancellationToken);
        if (existing.AsSpan().SequenceEqual(bytes))
        {
            return Outcome.AlreadyThere;
        }
        throw new IOException($"{path} already exists with different content: refusing to overwrite it");
    }
}
