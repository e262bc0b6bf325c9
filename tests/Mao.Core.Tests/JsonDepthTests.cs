using System.Text.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;

namespace Mao.Core.Tests;

/// <summary>Hostile bodies may not nest deeper than the documents need: MaoJson's limit and the snapshot lines' own.</summary>
public sealed class JsonDepthTests
{
    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    [Fact]
    public void Parse_DeeperThanTheLimit_IsRefusedNamingTheDepth()
    {
        Assert.Equal(JsonValueKind.Array, MaoJson.Parse<JsonElement>(Nested(MaoJson.MaxDepth), "within").ValueKind);
        var error = Assert.Throws<MaoFormatException>(() => MaoJson.Parse<JsonElement>(Nested(MaoJson.MaxDepth + 1), "too deep"));
        Assert.Contains("depth", error.Message);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(Nested(MaoJson.MaxDepth + 1), MaoJson.DocumentOptions).Dispose());
    }

    [Fact]
    public void SnapshotLine_NestedDeeperThanASet_IsRefusedAsTooDeep()
    {
        var header = SnapshotJsonLines.ToBytes(new Snapshot(new SnapshotHeader("t", "1", "s", DateTimeOffset.UnixEpoch,
            new MetricSchema("k", [new FieldSpec("tags", FieldKind.Set)])), []));
        var deep = System.Text.Encoding.UTF8.GetBytes($"{{\"key\":\"a\",\"values\":[{Nested(40)}]}}\n");

        var error = Assert.Throws<MaoFormatException>(() => SnapshotJsonLines.Read([.. header, .. deep], "deep snapshot"));

        Assert.Contains("depth", error.Message);
        Assert.Contains("deep snapshot:2:", error.Message);
    }
}
