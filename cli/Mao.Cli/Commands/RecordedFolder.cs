namespace Mao.Cli.Commands;

/// <summary>
/// The recorded data the project ships in <c>recorded/</c> (see its PROVENANCE.md files): found above the program,
/// which runs from the repository's build output, or at MAO_RECORDED.
/// </summary>
internal static class RecordedFolder
{
    public static string Find(string relative)
    {
        if (Environment.GetEnvironmentVariable("MAO_RECORDED") is { Length: > 0 } root)
        {
            var configured = Path.Combine(root, relative);
            return Directory.Exists(configured) ? configured
                : throw new DirectoryNotFoundException($"MAO_RECORDED is {root}, but it has no {relative}");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "recorded", relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"no recorded/{relative} above {AppContext.BaseDirectory}; set MAO_RECORDED or pass the folder");
    }
}
