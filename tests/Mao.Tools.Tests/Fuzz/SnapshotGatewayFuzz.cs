using System.Text;
using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Testing;
using Mao.Testing.Fuzz;
using Mao.Tools.Gateway;
using Mao.Tools.Manifests;
using Xunit.Abstractions;

namespace Mao.Tools.Tests.Fuzz;

/// <summary>Snapshots submitted by external tools, and the registration files the gateway reads, both hostile.</summary>
[Trait("Category", "Fuzz")]
public sealed class SnapshotGatewayFuzz(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _data = new("mao-fuzz-gateway");

    [Fact]
    public void ValidateAsync_HostileBodies_AcceptedOrRejectedAndTheRegistryUntouched()
    {
        var registry = new FileToolRegistry(_data.Path);
        var key = registry.Register(ToolManifests.AwsSar);
        var registration = File.ReadAllBytes(registry.FileOf("aws-sar"));
        var gateway = new SnapshotGateway(registry, new GatewayOptions { MaxSnapshotBytes = 1 << 20 }, TimeProvider.System);

        var report = new FuzzRunner("gateway-snapshot", output).Run([ValidBody()], async input =>
        {
            var snapshot = await gateway.ValidateAsync("aws-sar", key, new MemoryStream(input), CancellationToken.None);
            // What the gateway accepts is exactly what the manifest declares, and keeps its canonical form.
            Assert.True(snapshot.Header.Schema.Equivalent(ToolManifests.AwsSar.Schema));
            var canonical = SnapshotJsonLines.ToBytes(snapshot);
            Assert.Equal(canonical, SnapshotJsonLines.ToBytes(SnapshotJsonLines.Read(canonical, "again")));
        }, typeof(GatewayRejection));

        Assert.Equal(registration, File.ReadAllBytes(registry.FileOf("aws-sar")));
        Assert.True(report.Accepted >= 1, "the unmutated seed must be accepted");
    }

    [Fact]
    public void Find_HostileRegistrationFile_ReadOrAFormatErrorNamingTheFile()
    {
        var registry = new FileToolRegistry(_data.Path);
        registry.Register(ToolManifests.AwsSar);
        var path = registry.FileOf("aws-sar");
        var report = new FuzzRunner("gateway-registration", output).Run([File.ReadAllBytes(path)], input =>
        {
            File.WriteAllBytes(path, input);
            try
            {
                var tool = registry.Find("aws-sar");
                Assert.Equal("aws-sar", tool?.Manifest.Name);
            }
            catch (MaoFormatException e)
            {
                Assert.Equal(path, e.Where);
                throw;
            }
        }, typeof(MaoFormatException));

        Assert.True(report.Accepted >= 1, "the unmutated seed must be read");
    }

    private static byte[] ValidBody()
    {
        var schema = ToolManifests.AwsSar.Schema;
        var values = schema.Fields.Select(f => f.Kind switch
        {
            FieldKind.Set => FieldValue.OfSet(["x", "y"]),
            FieldKind.Category => FieldValue.Of("v"),
            _ => FieldValue.Of(3),
        }).ToArray();
        var header = new SnapshotHeader("aws-sar", "1.0.0", "external-site", new DateTimeOffset(2020, 2, 16, 0, 0, 0, TimeSpan.Zero), schema);
        return SnapshotJsonLines.ToBytes(new Snapshot(header,
            [new SnapshotRecord("arn:aws:serverlessrepo:us-east-1:1:applications/a", values), new SnapshotRecord("arn:aws:serverlessrepo:us-east-1:1:applications/b", values)]));
    }

    public void Dispose() => _data.Dispose();
}
