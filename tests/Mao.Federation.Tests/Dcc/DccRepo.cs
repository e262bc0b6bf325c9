using System.IO.Compression;
using System.Text;
using LibGit2Sharp;
using Mao.Testing;

namespace Mao.Federation.Tests.Dcc;

/// <summary>Git repositories in the consensus prototype's layout, in a temp folder: bench2000 unzipped, or built from files.</summary>
internal sealed class DccRepo : IDisposable
{
    private readonly TempFolder _folder;

    private DccRepo(TempFolder folder, string path)
    {
        _folder = folder;
        Path = path;
    }

    public string Path { get; }

    public string Folder => _folder.Path;

    /// <summary>The prototype's published bench2000 repository (bare), unzipped.</summary>
    public static DccRepo Bench2000()
    {
        var folder = new TempFolder("mao-dcc");
        ZipFile.ExtractToDirectory(SharedData.Path("data/dcc-bench2000/bench2000.git.zip"), folder.Path);
        return new DccRepo(folder, System.IO.Path.Combine(folder.Path, "bench2000.git"));
    }

    /// <summary>An empty bare repository.</summary>
    public static DccRepo Empty()
    {
        var folder = new TempFolder("mao-dcc");
        var path = System.IO.Path.Combine(folder.Path, "data.git");
        Repository.Init(path, isBare: true);
        return new DccRepo(folder, path);
    }

    /// <summary>Adds a branch whose single commit holds exactly these files.</summary>
    public void AddBranch(string name, IReadOnlyDictionary<string, string> files)
    {
        using var repo = new Repository(Path);
        var definition = new TreeDefinition();
        foreach (var (file, text) in files)
        {
            definition.Add(file, repo.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(text))), Mode.NonExecutableFile);
        }
        var signature = new Signature("test", "test@localhost", DateTimeOffset.UnixEpoch);
        var commit = repo.ObjectDatabase.CreateCommit(signature, signature, $"site {name}", repo.ObjectDatabase.CreateTree(definition), [], false);
        repo.Branches.Add(name, commit);
    }

    /// <summary>The files of a branch's tip, as text.</summary>
    public Dictionary<string, string> Files(string branch)
    {
        using var repo = new Repository(Path);
        return repo.Branches[branch].Tip.Tree.ToDictionary(e => e.Name, e => ((Blob)e.Target).GetContentText(), StringComparer.Ordinal);
    }

    public string Tip(string branch)
    {
        using var repo = new Repository(Path);
        return repo.Branches[branch].Tip.Sha;
    }

    public static string Meta(string prefix = "data", string index = "artifact", string metrics = "", string props = "") =>
        $"[{{\"prefix\":\"{prefix}\",\"index\":\"{index}\",\"metrics\":[{metrics}],\"props\":[{props}]}}]";

    public void Dispose() => _folder.Dispose();
}
