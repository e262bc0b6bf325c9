namespace Mao.Core.Model;

/// <summary>Who observed what, when, with which tool and schema.</summary>
public sealed record SnapshotHeader(
    string Tool,
    string ToolVersion,
    string Site,
    DateTimeOffset ObservedAt,
    MetricSchema Schema)
{
    public const string CurrentFormat = "mao.snapshot/1";

    public string Format { get; init; } = CurrentFormat;

    public void Validate(string where)
    {
        if (Format != CurrentFormat)
        {
            throw new MaoFormatException(where, $"unknown snapshot format '{Format}', expected '{CurrentFormat}'");
        }
        Identifier.Validate(Tool, "tool name", where);
        Identifier.Validate(Site, "site name", where);
        if (string.IsNullOrWhiteSpace(ToolVersion))
        {
            throw new MaoFormatException(where, "snapshot has no tool version");
        }
        Schema.Validate(where);
    }
}
