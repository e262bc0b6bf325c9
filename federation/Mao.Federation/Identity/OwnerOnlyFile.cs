using System.Text;

namespace Mao.Federation.Identity;

/// <summary>
/// A secret in the site's data folder (its private key, its operator API key), created owner-only in one step:
/// CreateNew with the Unix create mode, so the file never exists with wider permissions and two processes starting
/// together cannot both write it.
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>Read and write for the owner alone (mode 600).</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <returns>True when this call created the file with <paramref name="content"/>; false when it existed already.</returns>
    public static bool TryCreate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(Encoding.ASCII.GetBytes(content));
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false; // another process created it first: the caller uses theirs
        }
    }
}
