using Mao.Core.Serialization;
using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Rounds;

namespace Mao.Orchestrations.Local;

/// <summary>
/// Announces a round by writing it, create-only, to the round's folder: the outbox that peers on the same
/// machine (and the tests) read until the etcd adapter carries announcements between sites.
/// </summary>
public sealed class FolderRoundMessaging(SiteDataFolder folder, ActivityJournal journal) : IRoundMessaging
{
    public async Task<bool> AnnounceAsync(RoundRequest round, CancellationToken cancellationToken)
    {
        var document = System.Text.Encoding.UTF8.GetBytes(MaoJson.Write(round) + "\n");
        var outcome = await CreateOnlyFile.WriteAsync(folder.Announcement(round.Tool, round.RoundId), document, cancellationToken);
        await journal.AppendAsync("announce", round.Tool, round.RoundId, round.Announcer, outcome.ToString(), cancellationToken);
        return outcome == CreateOnlyFile.Outcome.Created;
    }
}
