using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Rounds;

/// <summary>
/// Told once when this site accepts a verified result (the publishing site too): what turns new ground truth into
/// alerts. Lives here so the federation need not know about insights; the insight module registers one.
/// </summary>
public interface IAcceptedResultListener
{
    Task AcceptedAsync(VerifiedResult result, CancellationToken cancellationToken);
}
