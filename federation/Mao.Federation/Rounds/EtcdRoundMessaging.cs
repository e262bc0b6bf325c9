using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Rounds;

/// <summary>Announces rounds as signed documents at /mao/rounds/&lt;site&gt;/&lt;tool&gt;/&lt;round&gt;, under the announcer's own prefix.</summary>
public sealed class EtcdRoundMessaging(FederationRegistry registry) : IRoundMessaging
{
    public async Task AnnounceAsync(RoundAnnouncement announcement, CancellationToken cancellationToken)
    {
        var result = await registry.AnnounceAsync(announcement, cancellationToken);
        if (!result.Won)
        {
            // Another announcement holds the key (a different round body under the same id): never overwrite it.
            throw new Core.MaoFormatException(registry.Keys.Round(announcement.Tool, announcement.Round, announcement.Site),
                "another announcement of this round is already published: refusing to replace it");
        }
    }
}
