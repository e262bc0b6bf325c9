using Mao.Core.Model;
using Mao.Tools.Manifests;

namespace Mao.Tools.ArtifactHub;

/// <summary>An Artifact Hub package as an artifacthub-helm record, keyed <c>repository/package</c>.</summary>
public static class HelmRecords
{
    private static readonly MetricSchema Schema = ToolManifests.ArtifactHubHelm.Schema;

    public static SnapshotRecord? Build(AhPackage package)
    {
        if (package.Name is not { Length: > 0 } name || package.Repository?.Name is not { Length: > 0 } repository)
        {
            return null;
        }
        var values = new FieldValue[Schema.Fields.Count];
        Set(values, "repository", FieldValue.Of(repository));
        Set(values, "name", FieldValue.Of(name));
        Set(values, "version", Text(package.Version));
        Set(values, "app_version", Text(package.AppVersion));
        Set(values, "signed", Flag(package.Signed));
        Set(values, "verified_publisher", Flag(package.Repository.VerifiedPublisher));
        Set(values, "official", Flag(package.Official == true || package.Repository.Official == true));
        Set(values, "deprecated", Flag(package.Deprecated));
        var security = package.SecurityReportSummary;
        // No summary means the package was not scanned: missing, not zero.
        Set(values, "security_critical", Count(security, security?.Critical));
        Set(values, "security_high", Count(security, security?.High));
        Set(values, "security_medium", Count(security, security?.Medium));
        Set(values, "security_low", Count(security, security?.Low));
        Set(values, "security_unknown", Count(security, security?.Unknown));
        return new SnapshotRecord($"{repository}/{name}", values);
    }

    private static void Set(FieldValue[] values, string field, FieldValue value) => values[Schema.IndexOf(field)] = value;

    private static FieldValue Text(string? text) => string.IsNullOrEmpty(text) ? FieldValue.Missing : FieldValue.Of(text);

    private static FieldValue Flag(bool? flag) => FieldValue.Of(flag == true ? "true" : "false");

    private static FieldValue Count(AhSecuritySummary? summary, int? count) =>
        summary is null ? FieldValue.Missing : FieldValue.Of(count ?? 0);
}
