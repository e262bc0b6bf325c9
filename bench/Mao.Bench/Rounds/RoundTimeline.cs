using System.Diagnostics;
using Mao.Federation.Registry;

namespace Mao.Bench.Rounds;

/// <summary>When a round's steps became visible in etcd, seen by polling every 10 ms from the moment it was requested.</summary>
internal sealed record RoundTimeline(TimeSpan Announced, TimeSpan Answered, TimeSpan Published)
{
    public static async Task<RoundTimeline> ObserveAsync(EtcdRegistry etcd, KeyLayout keys, string tool, string round, int peers, Stopwatch clock,
        CancellationToken ct)
    {
        TimeSpan? announced = null, answered = null;
        while (true)
        {
            announced ??= await etcd.GetAsync(keys.Round(tool, round), ct) is null ? null : clock.Elapsed;
            if (announced is not null && answered is null && (await etcd.GetPrefixAsync(keys.AnswersPrefix(tool, round), ct)).Entries.Count >= peers)
            {
                answered = clock.Elapsed;
            }
            if (await etcd.GetAsync(keys.Verified(tool, round), ct) is not null)
            {
                var published = clock.Elapsed;
                return new RoundTimeline(announced ?? published, answered ?? published, published);
            }
            await Task.Delay(10, ct);
        }
    }
}
