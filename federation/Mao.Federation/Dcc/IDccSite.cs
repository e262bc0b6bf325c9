namespace Mao.Federation.Dcc;

/// <summary>One site's files in the prototype's layout: a git branch or a sub-folder.</summary>
public interface IDccSite
{
    /// <summary>Site name: the branch or folder name.</summary>
    string Name { get; }

    /// <summary>File names at the top level.</summary>
    IReadOnlyList<string> FileNames();

    Stream Open(string fileName);

    /// <summary>How to name a file of this site in an error, e.g. "branch node1: 2000.csv".</summary>
    string Describe(string fileName);
}

/// <summary>A site that is a sub-folder of the input folder.</summary>
public sealed class FolderSite(string path) : IDccSite
{
    public string Name { get; } = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(path));

    public IReadOnlyList<string> FileNames() =>
        Directory.EnumerateFiles(path).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

    public Stream Open(string fileName) => File.OpenRead(System.IO.Path.Combine(path, fileName));

    public string Describe(string fileName) => System.IO.Path.Combine(path, fileName);
}
