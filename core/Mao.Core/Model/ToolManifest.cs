namespace Mao.Core.Model;

/// <summary>What a data-acquisition tool is, when it runs and what its records look like.</summary>
/// <param name="Name">Tool id (see <see cref="Identifier"/>), e.g. <c>dockerhub-arch</c>.</param>
/// <param name="Version">Tool version; snapshots of different versions are still comparable when the schemas are.</param>
/// <param name="Schedule">Six-field NCRONTAB expression (seconds first), as Azure Functions timer triggers use.</param>
/// <param name="Schema">Index column and fields of the records.</param>
public sealed record ToolManifest(
    string Name,
    string Version,
    string Schedule,
    MetricSchema Schema,
    string? Description = null)
{
    public const string CurrentFormat = "mao.tool/1";

    public string Format { get; init; } = CurrentFormat;

    public void Validate(string where)
    {
        if (Format != CurrentFormat)
        {
            throw new MaoFormatException(where, $"unknown tool manifest format '{Format}', expected '{CurrentFormat}'");
        }
        Identifier.Validate(Name, "tool name", where);
        if (string.IsNullOrWhiteSpace(Version))
        {
            throw new MaoFormatException(where, $"tool '{Name}' has no version");
        }
        Schema.Validate(where);
    }
}
