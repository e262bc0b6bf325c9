using LibGit2Sharp;

namespace Mao.Federation.Dcc;

/// <summary>A site that is a branch of the dataset repository: its tip's top-level files.</summary>
public sealed class GitBranchSite(Branch branch) : IDccSite
{
    private readonly Tree _tree = branch.Tip?.Tree ?? throw new InvalidOperationException($"branch '{branch.FriendlyName}' has no commit");

    public string Name => branch.FriendlyName;

    public IReadOnlyList<string> FileNames() =>
        _tree.Where(e => e.TargetType == TreeEntryTargetType.Blob).Select(e => e.Name).Order(StringComparer.Ordinal).ToArray();

    public Stream Open(string fileName) =>
        _tree[fileName]?.Target is Blob blob ? blob.GetContentStream() : throw new FileNotFoundException(Describe(fileName));

    public string Describe(string fileName) => $"branch {Name}: {fileName}";
}
