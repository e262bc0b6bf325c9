using Mao.Tools.DockerHub;

namespace Mao.Tools.Tests.DockerHub;

public class PlatformTests
{
    [Fact]
    public void From_UnknownUnknown_IsAttestationNotPlatform() => Assert.Null(Platform.From("unknown", "unknown", null, null));

    [Fact]
    public void From_AttestationAnnotation_Skipped() => Assert.Null(Platform.From("linux", "amd64", null, null, "attestation-manifest"));

    [Fact]
    public void From_ArmVariant_KeptInNames()
    {
        var platform = Platform.From("linux", "arm", "v7", null)!;
        Assert.Equal("arm/v7", platform.ArchitectureWithVariant);
        Assert.Equal("linux/arm/v7", platform.Name);
    }

    [Fact]
    public void From_LegacyArmv7Variant_Normalised() => Assert.Equal("arm/v7", Platform.From("Linux", "ARM", "armv7", null)!.ArchitectureWithVariant);

    [Fact]
    public void From_WindowsOsVersion_Kept() => Assert.Equal("10.0.20348.2340", Platform.From("windows", "amd64", null, "10.0.20348.2340")!.OsVersion);
}
