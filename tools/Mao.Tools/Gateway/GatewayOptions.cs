namespace Mao.Tools.Gateway;

/// <summary>Limits of the gateway for external tools (section <c>Mao:Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Mao:Gateway";

    /// <summary>Largest snapshot body accepted; checked before parsing.</summary>
    public long MaxSnapshotBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How far in the future an observation time may lie (clock skew between sites).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
