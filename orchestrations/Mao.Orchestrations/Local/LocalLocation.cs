using Mao.Core;

namespace Mao.Orchestrations.Local;

/// <summary>Turns a snapshot location into a local file path: absolute paths and file: URIs only.</summary>
public static class LocalLocation
{
    public static string ToPath(string location, string where)
    {
        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.IsFile
                ? uri.LocalPath
                : throw new MaoFormatException(where, $"'{location}' is not a valid file: URI");
        }
        if (Path.IsPathFullyQualified(location))
        {
            return Path.GetFullPath(location);
        }
        throw new MaoFormatException(where,
            $"location '{location}' is neither an absolute path nor a file: URI; this site reads local snapshots only");
    }
}
