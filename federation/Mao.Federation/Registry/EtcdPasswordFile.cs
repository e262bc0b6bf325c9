using Mao.Core;

namespace Mao.Federation.Registry;

/// <summary>
/// An etcd password kept in an owner-only file (MAO_ETCD_PASSWORD_FILE), so it never sits in a process's environment or
/// command line. Refused when group or others may read it, as the site's signing key is.
/// </summary>
public static class EtcdPasswordFile
{
    public static string Read(string path, string setting)
    {
        if (!File.Exists(path))
        {
            throw new MaoFormatException(setting, $"etcd password file '{path}' does not exist");
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new MaoFormatException(setting, $"etcd password file '{path}' is readable or writable by others (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); run chmod 600 on it");
        }
        // Only the first line: a trailing newline from echo or openssl is not part of the password.
        var password = File.ReadLines(path).FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(password) ? throw new MaoFormatException(setting, $"etcd password file '{path}' is empty") : password;
    }
}
