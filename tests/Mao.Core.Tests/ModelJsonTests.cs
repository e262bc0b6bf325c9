using Mao.Core.Model;
using Mao.Core.Serialization;

namespace Mao.Core.Tests;

/// <summary>Manifests in the registry and the gateway use the same field spelling as the snapshot header.</summary>
public sealed class ModelJsonTests
{
    [Fact]
    public void Write_FieldSpec_KindIsCamelCaseAndNoDerivedProperties()
    {
        var json = MaoJson.Write(new FieldSpec("latency", FieldKind.Performance));

        Assert.Equal("""{"name":"latency","kind":"performance"}""", json);
    }

    [Fact]
    public void Parse_ToolManifest_RoundTripsAndRejectsUnknownKind()
    {
        var manifest = new ToolManifest("bench", "1.0", "0 0 * * * *", new MetricSchema("artifact", [new FieldSpec("arch", FieldKind.Set)]));

        var back = MaoJson.Parse<ToolManifest>(MaoJson.Write(manifest), "test");
        var error = Assert.Throws<MaoFormatException>(() => MaoJson.Parse<FieldSpec>("""{"name":"x","kind":"vibes"}""", "tools/x.json"));

        Assert.Equal(manifest.Schema.Fields, back.Schema.Fields);
        Assert.Equal("bench", back.Name);
        Assert.Contains("tools/x.json", error.Message, StringComparison.Ordinal);
    }
}
