using Mao.Core.Model;
using Mao.Tools.Manifests;

namespace Mao.Tools.Sar;

/// <summary>A SAR application as an aws-sar record, keyed by its ARN.</summary>
public static class SarRecords
{
    private static readonly MetricSchema Schema = ToolManifests.AwsSar.Schema;

    public static SnapshotRecord? Build(SarApplication app)
    {
        if (app.Id is not { Length: > 0 } id)
        {
            return null;
        }
        var values = new FieldValue[Schema.Fields.Count];
        values[Schema.IndexOf("name")] = Text(app.Name);
        values[Schema.IndexOf("publisher")] = Text(app.PublisherAlias);
        values[Schema.IndexOf("deployment_count")] = app.DeploymentCount is { } count ? FieldValue.Of(count) : FieldValue.Missing;
        values[Schema.IndexOf("labels")] = FieldValue.OfSet(app.Labels ?? []);
        values[Schema.IndexOf("required_capabilities")] = FieldValue.OfSet(app.RequiredCapabilitiesForLatestVersion ?? []);
        values[Schema.IndexOf("home_page_url")] = Text(app.HomePageUrl);
        values[Schema.IndexOf("description")] = Text(app.Description);
        return new SnapshotRecord(id, values);
    }

    private static FieldValue Text(string? text) => string.IsNullOrEmpty(text) ? FieldValue.Missing : FieldValue.Of(text);
}
