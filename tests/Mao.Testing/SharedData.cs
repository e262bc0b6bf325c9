namespace Mao.Testing;

/// <summary>
/// The recorded data and fixtures the project ships in <c>recorded/</c> (copied from the research prototypes'
/// public repositories; provenance and licences in <c>recorded/data/PROVENANCE.md</c> and
/// <c>recorded/fixtures/PROVENANCE.md</c>). Tests read them in place and never write to them.
/// </summary>
public static class SharedData
{
    public static string Root => RepoPaths.Combine("recorded");

    /// <summary>Absolute path of a file or folder below recorded/, e.g. <c>Path("fixtures/dockerfiles")</c>.</summary>
    public static string Path(string relative)
    {
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relative));
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new FileNotFoundException($"recorded data '{relative}' not found under {Root}", full);
        }
        return full;
    }
}
