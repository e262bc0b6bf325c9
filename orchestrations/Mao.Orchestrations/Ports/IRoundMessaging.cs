using Mao.Orchestrations.Rounds;

namespace Mao.Orchestrations.Ports;

/// <summary>
/// Tells the federation that a round is open. The folder implementation writes an announcement file;
/// the etcd implementation puts /mao/rounds/&lt;tool&gt;/&lt;round&gt; (signed). Must be idempotent per round.
/// </summary>
public interface IRoundMessaging
{
    /// <returns>True when this call made the announcement, false when it was already there.</returns>
    Task<bool> AnnounceAsync(RoundRequest round, CancellationToken cancellationToken);
}
