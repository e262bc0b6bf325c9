using Mao.Core.Model;

namespace Mao.Federation.Registry.Documents;

/// <summary>A spike or other alert for people and sites: <c>/mao/notifications/&lt;time&gt;-&lt;site&gt;</c>.</summary>
public sealed record Notification(
    string Kind,
    string Tool,
    string Site,
    DateTimeOffset At,
    string Message,
    string? SnapshotId = null) : IRegistryDocument
{
    public static string CurrentFormat => "mao.notification/1";

    public string Format { get; init; } = CurrentFormat;

    public void Validate(string where)
    {
        Identifier.Validate(Kind, "notification kind", where);
        Identifier.Validate(Tool, "tool name", where);
        Identifier.Validate(Site, "site name", where);
        Check.NotBlank(Message, "message", where);
        if (SnapshotId is not null)
        {
            Check.ContentId(SnapshotId, "snapshotId", where);
        }
    }
}
