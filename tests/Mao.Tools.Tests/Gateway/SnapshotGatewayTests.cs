using System.Text;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Tools.Gateway;
using Mao.Tools.Manifests;

namespace Mao.Tools.Tests.Gateway;

public class SnapshotGatewayTests
{
    private const string Key = "s3cret-key-of-the-sar-tool";
    private static readonly ToolManifest Manifest = ToolManifests.AwsSar;

    private static SnapshotGateway Gateway(long maxBytes = 1 << 20) =>
        new(new InMemoryToolRegistry([RegisteredTool.WithKey(Manifest, Key)]), new GatewayOptions { MaxSnapshotBytes = maxBytes }, TimeProvider.System);

    private static byte[] ValidBody(string tool = "aws-sar", MetricSchema? schema = null, DateTimeOffset? observedAt = null)
    {
        schema ??= Manifest.Schema;
        var values = schema.Fields.Select(f => f.Kind switch
        {
            FieldKind.Set => FieldValue.OfSet(["x"]),
            FieldKind.Category => FieldValue.Of("v"),
            _ => FieldValue.Of(3),
        }).ToArray();
        var header = new SnapshotHeader(tool, "1.0.0", "external-site", observedAt ?? new DateTimeOffset(2020, 2, 16, 0, 0, 0, TimeSpan.Zero), schema);
        return SnapshotJsonLines.ToBytes(new Snapshot(header, [new SnapshotRecord("arn:aws:serverlessrepo:us-east-1:1:applications/a", values)]));
    }

    private static GatewayRejection Rejected(Action submit) => Assert.Throws<GatewayRejection>(submit);

    [Fact]
    public void Validate_RightKeyValidSnapshot_ReturnsSnapshot()
    {
        var snapshot = Gateway().Validate("aws-sar", Key, ValidBody());
        Assert.Equal("external-site", snapshot.Header.Site);
        Assert.Single(snapshot.Records);
    }

    [Fact]
    public async Task ValidateAsync_Stream_ReturnsSnapshot()
    {
        using var stream = new MemoryStream(ValidBody());
        Assert.Single((await Gateway().ValidateAsync("aws-sar", Key, stream, CancellationToken.None)).Records);
    }

    [Fact]
    public void Validate_NoKey_401() => Assert.Equal(401, Rejected(() => Gateway().Validate("aws-sar", null, ValidBody())).StatusCode);

    [Fact]
    public void Validate_WrongKey_403() => Assert.Equal(403, Rejected(() => Gateway().Validate("aws-sar", Key + "x", ValidBody())).StatusCode);

    [Fact]
    public void Validate_UnregisteredTool_404() => Assert.Equal(404, Rejected(() => Gateway().Validate("dockerhub-tags", Key, ValidBody())).StatusCode);

    [Fact]
    public void Validate_ToolNameWithPath_400() => Assert.Equal(400, Rejected(() => Gateway().Validate("../aws-sar", Key, ValidBody())).StatusCode);

    [Fact]
    public void Validate_TooLarge_413BeforeParsing()
    {
        var rejection = Rejected(() => Gateway(maxBytes: 100).Validate("aws-sar", Key, ValidBody()));
        Assert.Equal(413, rejection.StatusCode);
        Assert.Contains("100 bytes", rejection.Message);
    }

    [Fact]
    public async Task ValidateAsync_StreamOverLimit_413()
    {
        using var stream = new MemoryStream(new byte[5000]);
        var rejection = await Assert.ThrowsAsync<GatewayRejection>(() => Gateway(maxBytes: 4096).ValidateAsync("aws-sar", Key, stream, CancellationToken.None));
        Assert.Equal(413, rejection.StatusCode);
    }

    [Fact]
    public void Validate_SchemaFieldOfWrongKind_400NamesField()
    {
        var fields = Manifest.Schema.Fields.Select(f => f.Name == "deployment_count" ? f with { Kind = FieldKind.Category } : f).ToList();
        var rejection = Rejected(() => Gateway().Validate("aws-sar", Key, ValidBody(schema: Manifest.Schema with { Fields = fields })));
        Assert.Equal(400, rejection.StatusCode);
        Assert.Contains("deployment_count", rejection.Message);
    }

    [Fact]
    public void Validate_HeaderNamesAnotherTool_400() =>
        Assert.Contains("'dockerhub-tags'", Rejected(() => Gateway().Validate("aws-sar", Key, ValidBody(tool: "dockerhub-tags"))).Message);

    [Fact]
    public void Validate_ObservedInTheFuture_400() =>
        Assert.Equal(400, Rejected(() => Gateway().Validate("aws-sar", Key, ValidBody(observedAt: DateTimeOffset.UtcNow.AddDays(1)))).StatusCode);

    [Fact]
    public void Validate_BrokenRecordLine_400NamesLine()
    {
        var body = Encoding.UTF8.GetString(ValidBody()) + "{\"key\":\"b\",\"values\":[\n";
        var rejection = Rejected(() => Gateway().Validate("aws-sar", Key, Encoding.UTF8.GetBytes(body)));
        Assert.Equal(400, rejection.StatusCode);
        Assert.Contains(":3", rejection.Message);
    }

    [Fact]
    public void Validate_TextWhereCountExpected_400()
    {
        var lines = Encoding.UTF8.GetString(ValidBody()).Split('\n');
        lines[1] = lines[1].Replace(",3,", ",\"three\",", StringComparison.Ordinal);
        var rejection = Rejected(() => Gateway().Validate("aws-sar", Key, Encoding.UTF8.GetBytes(string.Join('\n', lines))));
        Assert.Contains("deployment_count", rejection.Message);
    }
}
