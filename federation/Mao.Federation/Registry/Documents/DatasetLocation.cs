using Mao.Core.Model;

namespace Mao.Federation.Registry.Documents;

/// <summary>Where one site keeps its snapshots of one tool: <c>/mao/datasets/&lt;site&gt;/&lt;tool&gt;</c>.</summary>
public sealed record DatasetLocation(
    string Tool,
    string Site,
    string GitRemote,
    string Branch,
    string? BlobContainer = null,
    string? IndexTable = null) : IRegistryDocument
{
    public static string CurrentFormat => "mao.dataset/1";

    public string Format { get; init; } = CurrentFormat;

    public void Validate(string where)
    {
        Identifier.Validate(Tool, "tool name", where);
        Identifier.Validate(Site, "site name", where);
        Check.NotBlank(GitRemote, "gitRemote", where);
        Check.NotBlank(Branch, "branch", where);
    }
}
