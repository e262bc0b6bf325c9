namespace Mao.Federation.Git;

/// <summary>A remote refused a push (hook, permissions, protection) or kept rejecting it; the local repository is unchanged.</summary>
public sealed class GitPushRefusedException(string remote, string reference, string reason, Exception? inner = null)
    : Exception($"git remote '{remote}' refused {reference}: {reason}. Local commits are kept; nothing was lost", inner)
{
    public string Remote { get; } = remote;

    public string Reference { get; } = reference;

    public string Reason { get; } = reason;
}

/// <summary>Our commits and the remote's change the same file differently: no automatic merge is safe.</summary>
public sealed class GitDatasetConflictException(string branch, string path, string remote)
    : Exception($"branch {branch}: {path} was changed both locally and on remote '{remote}'; not merged automatically, local branch kept as it was");
