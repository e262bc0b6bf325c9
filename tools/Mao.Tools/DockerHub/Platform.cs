namespace Mao.Tools.DockerHub;

/// <summary>One image of a tag: OS, architecture, variant and (Windows) OS version, normalised.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant, string? OsVersion)
{
    /// <summary><c>architecture[/variant]</c>, e.g. <c>arm/v7</c>.</summary>
    public string ArchitectureWithVariant => Variant is null ? Architecture : $"{Architecture}/{Variant}";

    /// <summary><c>os/architecture[/variant]</c>, e.g. <c>linux/arm64/v8</c>.</summary>
    public string Name => $"{Os}/{ArchitectureWithVariant}";

    /// <summary>
    /// A platform from raw fields, or null when it is not an image: BuildKit attestations are listed with
    /// platform unknown/unknown (and the annotation <c>vnd.docker.reference.type: attestation-manifest</c>).
    /// </summary>
    public static Platform? From(string? os, string? architecture, string? variant, string? osVersion, string? referenceType = null)
    {
        if (referenceType == "attestation-manifest")
        {
            return null;
        }
        var o = Clean(os);
        var a = Clean(architecture);
        if (o is null || a is null || o == "unknown" || a == "unknown")
        {
            return null;
        }
        return new Platform(o, a, NormaliseVariant(Clean(variant)), string.IsNullOrWhiteSpace(osVersion) ? null : osVersion.Trim());
    }

    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    /// <summary>Early manifest lists wrote <c>armv7</c>/<c>armv8</c> where the spec says <c>v7</c>/<c>v8</c>.</summary>
    private static string? NormaliseVariant(string? variant) =>
        variant is not null && variant.StartsWith("armv", StringComparison.Ordinal) ? variant[3..] : variant;
}
