using System.Diagnostics;
using System.Net.Http.Json;
using Mao.Core.Serialization;
using Mao.Federation.Registry;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Rounds;

namespace Mao.Bench.Rounds;

/// <summary>
/// When a round's steps (round id = period, announced by <c>site</c>) became visible, polled every 10 ms from the moment
/// it was requested: the announcement, all answers and the verified result in etcd; the orchestration's stages (fetching, verifying, publishing) in the
/// announcer's status, which changes when the orchestrator checkpoints the step that schedules them.
/// </summary>
internal sealed record RoundTimeline(TimeSpan Announced, TimeSpan Answered, TimeSpan Fetching, TimeSpan Verifying, TimeSpan Publishing, TimeSpan Published)
{
    public static async Task<RoundTimeline> ObserveAsync(EtcdRegistry etcd, KeyLayout keys, HttpClient announcer, string site, string tool, string round, int peers,
        Stopwatch clock, CancellationToken ct)
    {
        TimeSpan? announced = null, answered = null;
        var stages = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        while (true)
        {
            announced ??= await etcd.GetAsync(keys.Round(tool, round, site), ct) is null ? null : clock.Elapsed;
            if (announced is not null && answered is null && (await etcd.GetPrefixAsync(keys.AllAnswersPrefix, ct)).Entries.Count(e => keys.ParseAnswer(e.Key) is { } a && a.Tool == tool && a.Round == round) >= peers)
            {
                answered = clock.Elapsed;
            }
            if (await StageAsync(announcer, tool, round, ct) is { } stage)
            {
                stages.TryAdd(stage, clock.Elapsed);
            }
            if (await etcd.GetAsync(keys.Verified(tool, round, site), ct) is not null)
            {
                var published = clock.Elapsed;
                TimeSpan At(string stage) => stages.TryGetValue(stage, out var at) ? at : published;
                return new RoundTimeline(announced ?? published, answered ?? published,
                    At(RoundProgress.Fetching), At(RoundProgress.Verifying), At(RoundProgress.Publishing), published);
            }
            await Task.Delay(10, ct);
        }
    }

    private static async Task<string?> StageAsync(HttpClient announcer, string tool, string round, CancellationToken ct)
    {
        using var response = await announcer.GetAsync($"api/rounds/{tool}/{round}", ct);
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<RoundStatus>(MaoJson.Options, ct))?.Progress?.Stage : null;
    }
}
