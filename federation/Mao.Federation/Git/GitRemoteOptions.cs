namespace Mao.Federation.Git;

/// <summary>A site's dataset remote: any URL libgit2 supports (a bare repository path locally), credentials when it needs them.</summary>
public sealed record GitRemoteOptions(string Name, string Url, string? Username = null, string? Password = null)
{
    /// <summary>How many times a push rejected as non-fast-forward is re-based on the remote's new tip and tried again.</summary>
    public int MaxPushAttempts { get; init; } = 10;
}
